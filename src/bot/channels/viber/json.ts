/**
 * JSON.parse that keeps Viber's message tokens exact. They are 64-bit integers (e.g.
 * 5741311803571721087), beyond what a JavaScript number holds: parsed as numbers, two tokens
 * close together would read the same and a receipt would update the wrong message. A quoted
 * key inside a JSON string is always escaped (\"), so only real keys match.
 */
export function parseViberJson(text: string): unknown {
  return JSON.parse(text.replace(/("message_token"\s*:\s*)(-?\d+)/g, '$1"$2"'));
}
