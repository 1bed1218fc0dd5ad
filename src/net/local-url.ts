/**
 * The URL this machine reaches a server on, from the address it listens on:
 * a wildcard host (`[::]`, `0.0.0.0`) is not a place to connect to, so it
 * becomes the loopback address.
 */
export function localUrl(listenUrl: string): string {
  return listenUrl.replace('[::]', '127.0.0.1').replace('0.0.0.0', '127.0.0.1');
}
