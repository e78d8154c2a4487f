import { useEffect, useState } from 'preact/hooks';

/** The quiet zone the QR standard asks for around the code, in modules. */
const QUIET_ZONE = 4;
/** Screen pixels per module: small enough for a phone screen, big enough for a camera across a desk. */
const MODULE_PX = 3;

/** The QR options, exported so a test can draw the same code from the link it reads. */
export const QR_OPTIONS = { ecc: 'L', border: QUIET_ZONE } as const;

interface Matrix {
  size: number;
  dark: boolean[][];
}

/**
 * `text` as a QR code (error correction level L, the most room), drawn as one SVG path: no
 * inline style, which the page's Content-Security-Policy forbids, and no image to load. uqr is
 * loaded on first use: most visits never share a list.
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const [matrix, setMatrix] = useState<Matrix | null>(null);
  useEffect(() => {
    let live = true;
    import('uqr')
      .then(({ encode }) => {
        const { size, data } = encode(text, QR_OPTIONS);
        if (live) setMatrix({ size, dark: data });
      })
      // Only a link past a QR code's capacity throws, and the caller does not ask for one.
      .catch(() => live && setMatrix(null));
    return () => {
      live = false;
    };
  }, [text]);
  if (matrix === null) return null;
  const { size } = matrix;
  return (
    <svg
      class="qr-code"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${size} ${size}`}
      width={size * MODULE_PX}
      height={size * MODULE_PX}
      shape-rendering="crispEdges"
    >
      {/* Dark on white in either theme: not every scanner reads a code drawn light on dark. */}
      <rect width={size} height={size} fill="#fff" />
      <path d={qrPath(matrix.dark)} fill="#000" />
    </svg>
  );
}

/** One rectangle per run of dark modules in a row: a few thousand characters of path, not tens. */
export function qrPath(dark: readonly (readonly boolean[])[]): string {
  const parts: string[] = [];
  for (let y = 0; y < dark.length; y++) {
    const row = dark[y] ?? [];
    for (let x = 0; x < row.length; x++) {
      if (row[x] !== true) continue;
      let end = x;
      while (row[end + 1] === true) end++;
      parts.push(`M${x} ${y}h${end - x + 1}v1h-${end - x + 1}z`);
      x = end;
    }
  }
  return parts.join('');
}
