"use client";

import { useRef, useState } from "react";

function document(html: string, showImages: boolean): string {
  const images = showImages ? "data: https: http:" : "data:";
  const body = showImages ? html.replaceAll("data-remote-src=", "src=") : html;
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${images}; style-src 'unsafe-inline'; font-src data:"><base target="_blank"><style>body{margin:0;font:14px/1.5 system-ui,sans-serif;color:#18181b;background:#fff;word-wrap:break-word}img{max-width:100%}</style></head><body>${body}</body></html>`;
}

/**
 * A mail's HTML, already sanitised, in a frame that cannot run scripts (sandbox without
 * allow-scripts, and a CSP with no script source) and loads no remote image until the agent
 * asks for them.
 */
export function HtmlBody({ html }: { html: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(120);
  const [showImages, setShowImages] = useState(false);
  const hasRemoteImages = html.includes("data-remote-src=");
  return (
    <div>
      {hasRemoteImages && !showImages && (
        <div className="mb-2 flex items-center gap-2 rounded bg-zinc-100 px-2 py-1 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
          Remote images are blocked.
          <button type="button" className="font-medium text-sky-700 hover:underline dark:text-sky-400" onClick={() => setShowImages(true)} data-testid="show-images">
            Show images
          </button>
        </div>
      )}
      <iframe
        ref={frame}
        title="Message"
        // Same origin (so the page can size it) but no scripts: nothing in the mail runs.
        sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
        srcDoc={document(html, showImages)}
        className="w-full rounded border border-zinc-200 bg-white dark:border-zinc-700"
        style={{ height }}
        onLoad={() => setHeight(Math.min(4000, (frame.current?.contentDocument?.documentElement.scrollHeight ?? 100) + 16))}
      />
    </div>
  );
}
