import type { ServerResponse } from 'node:http';

const titles: Record<number, string> = {
  403: '403 Forbidden',
  404: '404 Not Found',
  460: '460',
  502: '502 Bad Gateway',
  503: '503 Service Temporarily Unavailable',
  504: '504 Gateway Time-out',
};

/** Answers as an ALB does when it cannot forward: its HTML page and `Server: awselb/2.0`. */
export function sendAlbError(res: ServerResponse, status: number): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const title = titles[status] ?? String(status);
  const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
  res.writeHead(status, {
    server: 'awselb/2.0',
    'content-type': 'text/html',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** A `fixed-response` action's answer. */
export function sendFixedResponse(
  res: ServerResponse,
  config: { StatusCode?: string; ContentType?: string; MessageBody?: string } | undefined,
): void {
  const body = config?.MessageBody ?? '';
  res.writeHead(Number(config?.StatusCode ?? 200), {
    server: 'awselb/2.0',
    'content-type': config?.ContentType ?? 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
