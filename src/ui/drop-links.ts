import { useEffect } from 'preact/hooks';
import { looksLikeMetalink, metalinkAsLines, parseMetalink } from '../shared/metalink';
import type { Messages } from './i18n/en';

/** A text file bigger than this is not a list of links (1,000 links of 1 KiB each is 1 MiB). */
export const MAX_DROPPED_FILE_BYTES = 1024 * 1024;
const HINT_CLASS = 'drop-target';
const FIELD_ID = 'url-input';

/** What a drop carries, read while the drop event lasts (a DataTransfer is emptied after it). */
export interface DroppedItems {
  files: File[];
  uriList: string;
  plain: string;
}

/**
 * Marks a drag that started on the page itself (the bookmarklet on its way to the bookmarks bar, a
 * link of a row): it carries links, but not links brought to the page. The mark travels with the
 * drag's data, so no state is left behind when a drag ends out of the page's sight.
 */
export const FROM_PAGE_TYPE = 'application/x-rangefetch-from-page';

/** Whether a dragged thing is something the page takes: links, text or files brought from elsewhere. */
export function isAcceptedDrag(types: readonly string[]): boolean {
  if (types.includes(FROM_PAGE_TYPE)) return false;
  return types.includes('Files') || types.includes('text/uri-list') || types.includes('text/plain');
}

/** A file read as a list of links: named *.txt, or of type text/plain; or a Metalink. */
export function isTextFile(file: { name: string; type: string }): boolean {
  return file.name.toLowerCase().endsWith('.txt') || file.type === 'text/plain' || isMetalinkFile(file);
}

function isMetalinkFile(file: { name: string; type: string }): boolean {
  return looksLikeMetalink(file.name, '') || file.type === 'application/metalink4+xml' || file.type === 'application/metalink+xml';
}

/** A dropped file's links, one line each: a Metalink's files become lines of TAB-separated mirrors. */
async function linesOf(file: File, m: Messages): Promise<{ text: string } | { problem: string }> {
  const text = await file.text();
  if (!isMetalinkFile(file) && !looksLikeMetalink(file.name, text)) return { text: text.trim() };
  const { entries, errors } = parseMetalink(text);
  if (entries.length === 0) return { problem: `${file.name}: ${errors.map(m.sentence).join(' ')}` };
  return { text: metalinkAsLines(entries) };
}

/** The links of a text/uri-list (RFC 2483): one per line, lines starting with # are comments. */
export function linksOfUriList(text: string): string {
  return text
    .split(/\r\n|\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .join('\n');
}

/** `added` after what the field holds, on a new line; blank lines at either join dropped. */
export function appendLines(current: string, added: string): string {
  const before = current.replace(/\s+$/, '');
  const after = added.replace(/^\s+|\s+$/g, '');
  if (after === '') return current;
  return before === '' ? after : `${before}\n${after}`;
}

/**
 * The text a drop puts in the field, or the sentence saying why it puts none. Text files come
 * first (a file dragged from a file manager also carries its path as text/uri-list), then
 * links, then plain text.
 */
export async function readDroppedText(items: DroppedItems, m: Messages): Promise<{ text: string } | { problem: string }> {
  if (items.files.length > 0) {
    const texts = items.files.filter(isTextFile);
    if (texts.length === 0) return { problem: m.drop.onlyText };
    const big = texts.find((file) => file.size > MAX_DROPPED_FILE_BYTES);
    if (big !== undefined) return { problem: m.drop.tooBig(big.name) };
    const read = await Promise.all(texts.map((file) => linesOf(file, m)));
    const problem = read.find((r) => 'problem' in r);
    if (problem !== undefined) return problem;
    return { text: read.flatMap((r) => ('text' in r && r.text !== '' ? [r.text] : [])).join('\n') };
  }
  if (items.uriList.trim() !== '') return { text: linksOfUriList(items.uriList) };
  return { text: items.plain };
}

/** Puts text into the URL field as typing would, so the form's state follows, and focuses it. */
export function fillField(added: string): void {
  const field = document.getElementById(FIELD_ID);
  if (!(field instanceof HTMLTextAreaElement)) return;
  field.value = appendLines(field.value, added);
  field.dispatchEvent(new Event('input', { bubbles: true }));
  field.focus();
  field.setSelectionRange(field.value.length, field.value.length);
}

/**
 * Links, text or a .txt file dropped anywhere on the page go into the URL field (after what is
 * there) and nothing starts until Download is pressed. While something is dragged over the page
 * the body carries the class `drop-target`. `report` hears why a drop was refused.
 */
export function useDropLinks(report: (problem: string) => void, m: Messages): void {
  useEffect(() => {
    const body = document.body;
    // dragenter and dragleave fire for every element crossed; the hint goes when they balance.
    let depth = 0;
    const clear = () => {
      depth = 0;
      body.classList.remove(HINT_CLASS);
    };
    const accepted = (event: DragEvent) => event.dataTransfer !== null && isAcceptedDrag([...event.dataTransfer.types]);
    const onEnter = (event: DragEvent) => {
      if (!accepted(event)) return;
      event.preventDefault();
      depth++;
      body.classList.add(HINT_CLASS);
    };
    const onOver = (event: DragEvent) => {
      if (!accepted(event)) return;
      // Without this the browser would open a dropped file in place of the app.
      event.preventDefault();
      if (event.dataTransfer !== null) event.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) body.classList.remove(HINT_CLASS);
    };
    const onStart = (event: DragEvent) => event.dataTransfer?.setData(FROM_PAGE_TYPE, '');
    const onDrop = (event: DragEvent) => {
      clear();
      const data = event.dataTransfer;
      if (data === null || !isAcceptedDrag([...data.types])) return;
      // Also keeps a drop on the field itself from inserting the text at the pointer.
      event.preventDefault();
      const items: DroppedItems = { files: Array.from(data.files), uriList: data.getData('text/uri-list'), plain: data.getData('text/plain') };
      readDroppedText(items, m)
        .then((result) => {
          if ('problem' in result) report(result.problem);
          else if (result.text.trim() !== '') fillField(result.text);
        })
        .catch(() => report(m.drop.unreadable));
    };
    // Capture: the page decides before any element (the field would insert the text itself).
    window.addEventListener('dragstart', onStart, true);
    window.addEventListener('dragenter', onEnter, true);
    window.addEventListener('dragover', onOver, true);
    window.addEventListener('dragleave', onLeave, true);
    window.addEventListener('drop', onDrop, true);
    window.addEventListener('dragend', clear, true);
    return () => {
      window.removeEventListener('dragstart', onStart, true);
      window.removeEventListener('dragenter', onEnter, true);
      window.removeEventListener('dragover', onOver, true);
      window.removeEventListener('dragleave', onLeave, true);
      window.removeEventListener('drop', onDrop, true);
      window.removeEventListener('dragend', clear, true);
      clear();
    };
  }, [report, m]);
}
