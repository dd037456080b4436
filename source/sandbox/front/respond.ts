import type { ServerResponse } from 'node:http';

/** Sends a JSON body; Dates become epoch seconds, as AWS JSON protocols send timestamps. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body, function (this: Record<string, unknown>, key, value: unknown) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : value;
  });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Sends an XML body. */
export function sendXml(res: ServerResponse, status: number, body: string, requestId: string): void {
  res.writeHead(status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
  });
  res.end(body);
}

/**
 * Drops the answer of a call already performed: the connection is destroyed before anything is
 * sent, so the client sees `ECONNRESET` ("socket hang up") and cannot know the call succeeded.
 */
export function loseAnswer(res: ServerResponse): void {
  res.destroy();
}
