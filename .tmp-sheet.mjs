import sharp from 'sharp';
const files = process.argv.slice(3); const out = process.argv[2];
const h = 512;
const imgs = [];
for (const f of files) { const b = await sharp(f).resize({height:h}).toBuffer({resolveWithObject:true}); imgs.push(b); }
let x=0; const comps=[];
for (const b of imgs) { comps.push({input:b.data,left:x,top:0}); x+=b.info.width; }
await sharp({create:{width:x,height:h,channels:3,background:'#000'}}).composite(comps).png().toFile(out);
