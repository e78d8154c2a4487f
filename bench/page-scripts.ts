/**
 * JavaScript that runs inside Chromium, kept as source text on purpose: tsx compiles the bench
 * with esbuild's keepNames, which wraps every named function in a `__name(...)` helper that does
 * not exist in the page, so a TypeScript function handed to page.evaluate/addInitScript can throw
 * "__name is not defined". Plain ES2020 text avoids that and shows exactly what the page runs.
 */

/** OPFS folder standing in for the place the person picked (as in test/e2e/harness.ts). */
export const OUTPUT_DIR = 'bench-out';

/**
 * Replaces only the two pickers, which need a person and a native dialog, with functions that
 * hand out real OPFS handles: the app's final copy still goes through FileSystemFileHandle.
 */
export const replacePickersScript = `(() => {
  const outputDir = ${JSON.stringify(OUTPUT_DIR)};
  const pickedDir = async () => (await navigator.storage.getDirectory()).getDirectoryHandle(outputDir, { create: true });
  Object.assign(window, {
    showSaveFilePicker: async (opts) => (await pickedDir()).getFileHandle((opts && opts.suggestedName) || 'download', { create: true }),
    showDirectoryPicker: async () => pickedDir(),
  });
})();`;

/** Expression: total size and count of the files in the output folder. */
export const outputSummaryExpression = `(async () => {
  let dir;
  try {
    dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(${JSON.stringify(OUTPUT_DIR)});
  } catch (error) {
    return { files: 0, bytes: 0 };
  }
  let files = 0;
  let bytes = 0;
  for await (const handle of dir.values()) {
    if (handle.kind !== 'file') continue;
    files += 1;
    bytes += (await handle.getFile()).size;
  }
  return { files, bytes };
})()`;

/** Expression: lowercase hex SHA-256 of the output folder's file `name` (read whole: keep it small). */
export function outputSha256Expression(name: string): string {
  return `(async () => {
  const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(${JSON.stringify(OUTPUT_DIR)});
  const file = await (await dir.getFileHandle(${JSON.stringify(name)})).getFile();
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
})()`;
}

export interface FetchJob {
  url: string;
  /** Range header value, e.g. "bytes=0-1048575"; null for a plain GET. */
  range: string | null;
}

/**
 * Expression: the ceiling. A dedicated worker (a blob: worker has the page's origin) runs
 * `parallel` lanes; each takes the next job, fetches it and reads the body to the end, keeping
 * nothing. Resolves to the number of body bytes read.
 */
export function fetchAndDiscardExpression(jobs: readonly FetchJob[], parallel: number): string {
  const workerSource = `onmessage = async (event) => {
  const { jobs, parallel } = event.data;
  let next = 0;
  let bytes = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const response = await fetch(job.url, job.range === null ? {} : { headers: { Range: job.range } });
      if (!response.ok) throw new Error(job.url + ': HTTP ' + response.status);
      const reader = response.body.getReader();
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        bytes += chunk.value.byteLength;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: parallel }, lane));
    postMessage({ bytes });
  } catch (error) {
    postMessage({ error: String(error) });
  }
};`;
  return `new Promise((resolve, reject) => {
  const url = URL.createObjectURL(new Blob([${JSON.stringify(workerSource)}], { type: 'text/javascript' }));
  const worker = new Worker(url);
  worker.onmessage = (event) => {
    worker.terminate();
    URL.revokeObjectURL(url);
    if (event.data.error) reject(new Error(event.data.error)); else resolve(event.data.bytes);
  };
  worker.onerror = (event) => reject(new Error('ceiling worker: ' + event.message));
  worker.postMessage({ jobs: ${JSON.stringify(jobs)}, parallel: ${parallel} });
})`;
}

/**
 * Expression: puts `<a download href>` links for `urls` into same-origin iframes, at most 10 per
 * frame, and returns a count. Chromium lets one frame start only about 10 downloads per second
 * without a click (measured: 10 of 200 links clicked in one go, 40 when spread over 4 s), while
 * several frames start theirs at once; `download` works because the page is on the files' origin.
 * Clicking them all is then `window.__startDownloads()` (see startDownloadsExpression).
 */
export function prepareDownloadLinksExpression(urls: readonly string[]): string {
  return `(() => {
  const urls = ${JSON.stringify(urls)};
  const frames = [];
  for (let start = 0; start < urls.length; start += 10) {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const doc = frame.contentDocument;
    for (const url of urls.slice(start, start + 10)) {
      const link = doc.createElement('a');
      link.href = url;
      link.download = '';
      link.textContent = url;
      doc.body.append(link);
    }
    frames.push(frame);
  }
  window.__startDownloads = () => {
    for (const frame of frames) for (const link of frame.contentDocument.querySelectorAll('a')) link.click();
  };
  return frames.length;
})()`;
}

export const startDownloadsExpression = 'window.__startDownloads()';

/**
 * Expression: starts watching the Downloads list and leaves `window.__benchDone`, a promise that
 * resolves when every row named in `names` shows `[data-status="completed"]` and rejects as soon
 * as one of them shows "failed". A MutationObserver sees the change when it happens, where polling
 * from Node would add up to one interval to every measured time.
 */
export function watchCompletionExpression(names: readonly string[]): string {
  return `(() => {
  const expected = new Set(${JSON.stringify(names)});
  // Page-clock times of the click, of every row having all its bytes staged ("saving" or later),
  // and of the end: staged → end is about the final copy (rows update at most 4× a second).
  const times = { click: null, staged: null, done: null };
  window.__benchTimes = times;
  window.addEventListener('click', () => { if (times.click === null) times.click = performance.now(); }, { capture: true });
  window.__benchDone = new Promise((resolve, reject) => {
    let observer = null;
    const check = () => {
      const list = document.querySelector('ul[aria-label="Downloads"]');
      if (list === null) return;
      let done = 0;
      let staged = 0;
      for (const row of list.querySelectorAll('li[aria-label]')) {
        const name = row.getAttribute('aria-label');
        if (!expected.has(name)) continue;
        const status = row.querySelector('[data-status]');
        const value = status === null ? null : status.getAttribute('data-status');
        if (value === 'completed') done += 1;
        if (value === 'completed' || value === 'saving') staged += 1;
        if (value === 'failed') {
          observer.disconnect();
          reject(new Error(name + ' failed: ' + row.innerText.replace(/\\s+/g, ' ')));
          return;
        }
      }
      if (staged === expected.size && times.staged === null) times.staged = performance.now();
      if (done === expected.size) {
        times.done = performance.now();
        observer.disconnect();
        resolve(done);
      }
    };
    observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
    check();
  });
  return true;
})()`;
}

export const awaitCompletionExpression = 'window.__benchDone';

/** Expression: the times watchCompletionExpression recorded (page clock, ms). */
export const completionTimesExpression = 'window.__benchTimes';

export interface CompletionTimes {
  click: number | null;
  staged: number | null;
  done: number | null;
}

/** Expression: value/max of the named row's progress bar, or null while it has none. */
export function progressExpression(name: string): string {
  return `(() => {
  for (const row of document.querySelectorAll('ul[aria-label="Downloads"] li[aria-label]')) {
    if (row.getAttribute('aria-label') !== ${JSON.stringify(name)}) continue;
    const bar = row.querySelector('progress');
    const status = row.querySelector('[data-status]');
    const value = bar === null ? null : bar.getAttribute('value');
    const max = bar === null ? null : bar.getAttribute('max');
    return {
      status: status === null ? null : status.getAttribute('data-status'),
      fraction: value === null || max === null || Number(max) <= 0 ? null : Number(value) / Number(max),
    };
  }
  return null;
})()`;
}
