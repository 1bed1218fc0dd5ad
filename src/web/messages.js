/**
 * What the playground says for each error code of the API (src/errors.ts
 * ERROR_CODES; test/web/messages.test.ts fails when one is missing). The
 * server's own message is shown under it for the detail.
 */
export const ERROR_MESSAGES = {
  invalid_request_body: 'The request could not be read. Reload the page and try again.',
  unsupported_content_type: 'The request was sent in a form the server does not accept.',
  missing_parameter: 'Something is missing: add a person photo and a garment photo.',
  invalid_parameter: 'One of the options is not valid.',
  unknown_engine: 'The engine asked for is not one this server runs. Leave the engine choice empty.',
  invalid_archive: 'That archive could not be read as a zip file.',
  archive_too_large: 'That archive unpacks to more than the server allows.',
  archive_unsafe_path: 'That archive holds a file whose path points outside its folder.',
  archive_entry_not_image: 'That archive holds a file that is not an image.',
  archive_empty: 'That archive holds no images.',
  upload_parts_mismatch: 'The uploaded parts do not match the parts listed. Upload them again.',
  upload_not_open: 'That upload is already completed or was never started.',
  not_implemented: 'This server does not offer that feature yet.',
  not_found: 'That job or file was not found. It may belong to another team or have been deleted.',
  unsupported_image_format: 'That file is not a JPEG, PNG, WebP or BMP image.',
  malformed_image: 'That image file is damaged or incomplete. Try another one.',
  file_size_too_large: 'That image is too large. Use a file under 25 MB.',
  resolution_too_low: 'That image is too small. Use one at least 256 pixels on each side.',
  resolution_too_high: 'That image is too big. Use one at most 4096 pixels on each side.',
  too_many_pixels: 'That image has too many pixels. Scale it down and try again.',
  url_forbidden: 'The server may not fetch images from that address.',
  url_fetch_failed: 'The server could not download the image from that address.',
  url_too_large: 'The image at that address is too large.',
  url_timeout: 'Downloading the image from that address took too long.',
  idempotency_key_mismatch: 'This request repeats an earlier one with different contents.',
  idempotency_in_progress: 'The same request is still being accepted. Wait a moment and try again.',
  url_expired: 'That link has expired. Open the job again for a fresh one.',
  invalid_signature: 'That link is not valid.',
  job_not_cancelable: 'This job has already ended, so it cannot be canceled.',
  invalid_auth_token: 'That API key was not accepted. Check the key and save it again.',
  forbidden: 'This API key is not allowed to do that.',
  insufficient_credits: 'Your team has run out of credits.',
  rate_limit_exceeded: 'Too many requests. Wait a few seconds and try again.',
  concurrency_limit_exceeded: 'Your team already has as many jobs running as it may. Wait for one to finish.',
  no_person_detected: 'No person was found in the person photo. Use a photo of one person facing the camera.',
  multiple_persons: 'The person photo shows more than one person. Use a photo of one person.',
  no_garment_detected: 'No garment was found in the garment photo. Use a clear photo of the garment.',
  pose_not_supported: 'This pose is not supported. Use a front view that shows the upper body.',
  category_mismatch: 'The garment does not match the chosen category. Try another category or Auto-detect.',
  low_quality_result: 'The result did not look right, so it was not charged. It is shown below with what went wrong; try other photos.',
  engine_failed: 'The try-on failed on the server. Try again.',
  engine_timeout: 'The try-on took too long. Try again, perhaps with the Fast quality setting.',
  worker_lost: 'The server lost this job while working on it. Try again.',
  canceled: 'The job was canceled.',
  service_unavailable: 'The server is busy or starting. Try again in a moment.',
  payload_too_large: 'The request is too large. Use smaller images.',
  internal_error: 'Something went wrong on the server. Try again; if it persists, tell the server’s operator.',
};

/** What each quality warning of a result means (README "Result quality"). */
export const QUALITY_WARNINGS = {
  garment_matte_fragmented: 'the garment could not be cut cleanly from its photo',
  garment_outside_body: 'part of the garment lies off the body',
  garment_misaligned: 'the garment does not sit where it should on the body',
  old_garment_visible: 'some of the old garment still shows',
  large_fill: 'a large area had to be painted in',
  flat_fill: 'a painted-in area looks flat',
  fill_hard_edge: 'a painted-in area has a hard straight edge',
  smeared_edges: "the garment is drawn blurred, or its outline is smeared or rimmed into its surroundings",
  limb_erased: 'part of an arm or leg is missing',
  low_pose_confidence: 'the pose was hard to read',
};

/** One line on a result's quality: its score, and its warnings in words. */
export function qualityLine(quality) {
  if (!quality) return '';
  const score = `Quality ${Math.round(quality.score * 100)} / 100`;
  if (quality.warnings.length === 0) return `${score}: no problems found.`;
  return `${score}: ${quality.warnings.map((code) => QUALITY_WARNINGS[code] ?? code).join('; ')}.`;
}

/** Errors that never reached the server, named by the playground itself. */
export const CLIENT_MESSAGES = {
  network: 'The server could not be reached. Check your connection and that Drape is running.',
  missing_person: 'Add a person photo first.',
  missing_garment: 'Add a garment photo first.',
  not_an_image: 'That file is not an image. Use a JPEG, PNG, WebP or BMP photo.',
};

/** The sentence for a code, or a plain fallback for a code this page does not know yet. */
export function messageFor(code) {
  return ERROR_MESSAGES[code] ?? `The request failed (${code}).`;
}
