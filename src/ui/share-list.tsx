import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { listItemsOf, zipEntriesLeftOut } from '../shared/aria2-list';
import { fitsQrCode, QR_MAX_BYTES, shareLinkOf } from '../shared/share-list';
import type { JobView } from '../shared/types';
import { errorMessage } from './error-message';
import { FormErrors } from './form-errors';
import { useMessages } from './i18n/context';
import { QrCode } from './qr-code';
import { encodeShareList } from './share-codec';
import './share-list.css';

/** How long "Copied" stays after a copy. */
const COPIED_MS = 4000;

/**
 * Share list: a link to this page that carries the downloads' links, names and checksums in its
 * fragment (share-list.ts), with Copy and a QR code. When the filter or the search narrows the
 * list, the rows shown are the ones shared, unless the person asks for all.
 */
export function ShareList({ jobs, shown }: { jobs: readonly JobView[]; shown: readonly JobView[] }) {
  const m = useMessages();
  const w = m.share;
  const [open, setOpen] = useState(false);
  const [onlyShown, setOnlyShown] = useState(true);
  // The link with what it was made from: a link made for other rows is never shown or copied.
  const [made, setMade] = useState<{ carried: string; link: string } | null>(null);
  const [problem, setProblem] = useState('');
  const [copied, setCopied] = useState(false);
  const [copyFailed, setCopyFailed] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  const narrowed = shown.length < jobs.length;
  // Only while open: a closed panel costs a long list nothing.
  const sharedJobs = narrowed && onlyShown ? shown : jobs;
  const items = useMemo(() => (open ? listItemsOf(sharedJobs, false) : []), [open, sharedJobs]);
  const leftOut = open ? zipEntriesLeftOut(sharedJobs, false) : 0;
  // Progress renders the list often; the link changes only when what it carries does.
  const carried = useMemo(() => JSON.stringify(items), [items]);
  const link = made !== null && made.carried === carried ? made.link : null;

  useEffect(() => {
    if (!open || items.length === 0) return;
    let live = true;
    setCopied(false);
    setCopyFailed(false);
    encodeShareList(items)
      .then((payload) => {
        if (!live) return;
        setMade({ carried, link: shareLinkOf(location.href, payload) });
        setProblem('');
      })
      .catch((error: unknown) => live && setProblem(errorMessage(error)));
    return () => {
      live = false;
    };
    // `carried` stands for `items`: the same downloads give the same link.
  }, [open, carried]);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), COPIED_MS);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    if (link === null) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopyFailed(false);
      setCopied(true);
    } catch {
      // No clipboard (an insecure page, a denied permission): the selected link is one keystroke away.
      field.current?.focus();
      field.current?.select();
      setCopied(false);
      setCopyFailed(true);
    }
  };

  return (
    <div class="share-list">
      <button type="button" class="small" aria-expanded={open} aria-controls="share-panel" onClick={() => setOpen(!open)}>
        {w.open}
      </button>
      {open && (
        <div id="share-panel" class="share-panel">
          {narrowed && (
            <label class="list-io-choice">
              <input type="checkbox" checked={onlyShown} onChange={(e) => setOnlyShown(e.currentTarget.checked)} />
              {w.onlyShown(shown.length)}
            </label>
          )}
          {leftOut > 0 && <p class="hint">{m.listIo.zipLeftOut(leftOut)}</p>}
          {items.length === 0 ? (
            <p>{w.nothing}</p>
          ) : link === null ? (
            <p>{w.making}</p>
          ) : (
            <>
              <label for="share-link">{w.linkLabel}</label>
              <div class="share-link-row">
                <input
                  ref={field}
                  id="share-link"
                  type="text"
                  readOnly
                  value={link}
                  spellcheck={false}
                  aria-describedby="share-about"
                  onFocus={(e) => e.currentTarget.select()}
                />
                <button type="button" class="small" onClick={() => void copy()}>
                  {w.copy}
                </button>
                <span role="status" class="share-copied">
                  {copied ? w.copied : ''}
                </span>
              </div>
              <p id="share-about" class="hint">
                {w.about(items.length, link.length)}
              </p>
              {fitsQrCode(link) ? <QrCode text={link} label={w.qrLabel} /> : <p class="hint">{w.tooLongForQr(QR_MAX_BYTES)}</p>}
            </>
          )}
          <FormErrors messages={[...(copyFailed ? [w.copyFailed] : []), ...(problem === '' ? [] : [problem])]} />
        </div>
      )}
    </div>
  );
}
