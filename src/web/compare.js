/**
 * Before/after comparison: the result underneath, the original photo on top
 * clipped at the slider's position. The slider is a real range input, so
 * arrow keys, Home/End and screen readers work without extra code.
 */
export function setupCompare(root) {
  const range = root.querySelector('.compare-range');
  const update = () => root.style.setProperty('--pos', `${range.value}%`);
  range.addEventListener('input', update);
  update();
  return {
    reset() {
      range.value = '50';
      update();
    },
  };
}
