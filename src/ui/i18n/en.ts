/**
 * Every string the page shows, in English: the source of truth. Other languages are typed
 * against `Messages`, so a string missing there is a type error. Strings with values are
 * functions; counted words go through `pluralForm` (Intl.PluralRules), numbers through Intl.
 * Sentences with marked-up parts use {slots} (see slots.tsx). Product and protocol names
 * (Rangefetch, SHA-256, CORS, HTTP header names, nginx) stay as they are in every language.
 */
import type { NumberWords } from '../../shared/format';
import { SETTING_LABELS, type Settings } from '../../shared/settings';
import type { ViewStatus } from '../../shared/types';
import type { RowActionKind } from '../row-actions';
import { formatCount, pluralForm, type PluralForms } from './plural';

const LOCALE = 'en';

/** "1 download", "1,000 downloads". */
const counted = (n: number, forms: PluralForms): string => `${formatCount(LOCALE, n)} ${pluralForm(LOCALE, n, forms)}`;
const downloads = (n: number): string => counted(n, { one: 'download', other: 'downloads' });

const numbers: NumberWords = {
  locale: LOCALE,
  progress: (done, total) => `${done} of ${total}`,
  duration: { s: ' s', min: ' min', h: ' h', d: ' d', gap: ' ' },
};

const status: Record<ViewStatus, string> = {
  queued: 'Queued',
  downloading: 'Downloading',
  saving: 'Saving',
  paused: 'Paused',
  'save-blocked': 'Ready to save',
  'web-page': 'Web page',
  failed: 'Failed',
  canceled: 'Canceled',
  completed: 'Completed',
  pausing: 'Pausing…',
  canceling: 'Canceling…',
  removing: 'Removing…',
  stopping: 'Stopping…',
  damaged: 'Damaged',
};

/** The buttons' accessible names; the e2e tests find buttons by them. */
const actions: Record<RowActionKind, string> = {
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel',
  remove: 'Remove',
  retry: 'Retry',
  restart: 'Download again',
  'keep-anyway': 'Keep anyway',
  allow: 'Allow',
  save: 'Save',
  'save-as': 'Save as…',
  'change-url': 'Change URL',
};

/** The engine's own words for the settings (its messages name them so): one list, in shared/settings.ts. */
const settingLabels: Readonly<Record<keyof Settings, string>> = SETTING_LABELS;

const settingHelp: Record<keyof Settings, string> = {
  connectionsPerServer: 'Requests at once to one server, shared by all downloads from it. Browsers allow 6 over HTTP/1.1.',
  retries: 'Failed tries in a row, with no data in between, before a download stops.',
  giveUpAfterSeconds: 'A download that keeps failing stops after this long.',
  stallTimeoutSeconds: 'A connection that sends nothing for this long is dropped and asked again.',
  speedLimitMBps: 'For all downloads together; the rows show speeds in the same unit.',
  downloadsAtOnce: 'The others wait in line, in list order. Automatic runs up to 12.',
  jobSpeedLimitMBps: 'Each download added from now on gets this limit; change it per download in its details.',
  lookForPublishedChecksums:
    'When you give no checksum, look in the file’s folder for SHA256SUMS, sha256sums.txt or NAME.sha256, and at the server’s Repr-Digest header; a file that does not match fails.',
};

export const en = {
  /** BCP 47 tag: the page's `lang` and the locale of its numbers and dates. */
  locale: LOCALE,
  numbers,
  /**
   * A sentence the engine or a shared check wrote (they write English) in this language; what it
   * does not know stays as it is. English needs nothing; see engine-text-zh.ts for Chinese.
   */
  sentence: (text: string): string => text,
  language: {
    label: 'Language',
  },
  /** The note shown when a new version of the app is installed and waits for a reload. */
  update: {
    title: 'Update ready',
    ready: 'A new version of Rangefetch is ready.',
    readyWhileDownloading: 'A new version of Rangefetch is ready. Downloads in progress will resume after the reload.',
    reload: 'Reload to update',
  },
  app: {
    name: 'Rangefetch',
    tagline: 'Fast, resumable downloads in one browser tab.',
    dismiss: 'Dismiss',
    /** The list's heading and its accessible name. */
    downloads: 'Downloads',
    empty: 'No downloads yet.',
    noMatch: 'No downloads match.',
    engineDidNotStart: (why: string) => `The download engine did not start: ${why}`,
    samples: 'Try a sample',
  },
  add: {
    urlLabel: 'URL',
    placeholder: 'https://example.com/file.iso — one link per line',
    /** {pattern} and {checksum} are shown as code. */
    hint: 'Paste one or more links, one per line, or numbered ones as {pattern}. Add {checksum} after a link to check the file. Ctrl+Enter downloads.',
    download: 'Download',
    couldNotStart: (why: string) => `Could not start the download: ${why}`,
    oneDuplicate: (url: string) => `${url} is already in your downloads.`,
    manyDuplicates: (n: number) => `${formatCount(LOCALE, n)} of these links are already in your downloads.`,
    downloadAgainQuestion: 'Download again?',
    downloadAgain: 'Download again',
    dontDownload: "Don't download",
    previewTitle: (n: number) => `This adds ${downloads(n)}.`,
    previewMore: (n: number) => `…and ${formatCount(LOCALE, n)} more`,
    addDownloads: (n: number) => `Add ${downloads(n)}`,
    cancel: 'Cancel',
    addValid: 'Add the valid ones',
  },
  row: {
    status,
    actions,
    details: 'Details',
    progressOf: (name: string) => `Progress of ${name}`,
    sizeUnknown: 'Size unknown',
    left: (duration: string) => `${duration} left`,
    retrying: (attempt: number, of: number, reason: string) => `Retrying (${attempt} of ${of}): ${reason}`,
    waitingForConnection: 'waiting for a connection',
    /** "6 parallel requests over HTTP/2 (the server allows 2)". */
    requests: (n: number, protocol: string | null, serverLimit: number | null) =>
      `${n === 1 ? '1 request' : `${formatCount(LOCALE, n)} parallel requests`}${protocol === null ? '' : ` over ${protocol}`}${serverLimit === null ? '' : ` (the server allows ${serverLimit})`}`,
    webPageReason: 'The server sent a web page, not a file (often a sign-in or error page)',
    damagedReason: 'This entry is damaged',
    elsewhere: 'Active in another tab',
    allowToSave: 'All bytes are here. Allow saving to write the file.',
    chooseWhereToSave: 'All bytes are here. Choose where to save it.',
    notAllowed: 'Saving there was not allowed. Use Save as… to choose another place.',
    /** A message about one download, for the live region: "file.iso: It is already paused." */
    about: (name: string, text: string) => `${name}: ${text}`,
    pauseBeforeRemoving: (name: string) => `${name}: pause or cancel it before removing it.`,
    facts: {
      link: 'Link',
      savedAs: 'Saved as',
      savesAs: 'Saves as',
      inFolder: (folder: string) => ` in ${folder}`,
      noPlaceYet: ' (no place chosen yet)',
      expectedSha256: 'Expected SHA-256',
      /** After the expected SHA-256, when it was found published rather than given. */
      publishedIn: (name: string, host: string) => ` (${name} from ${host})`,
      connections: 'Connections',
      noneOpen: 'None open',
      protocol: 'Protocol',
      protocolHidden: 'Not shown by the browser',
      added: 'Added',
      completed: 'Completed',
    },
  },
  finished: {
    /** {name} and {folder} are shown in bold. */
    savedAs: 'Saved as {name}',
    savedAsIn: 'Saved as {name} in {folder}',
    /** Where a browser without save pickers put it. */
    savedToBrowser: "Saved to your browser's downloads as {name}",
    saveAgain: 'Save again',
    notKept: (name: string) => `${name} is no longer kept in this browser (its site data was cleared). Download again fetches it anew.`,
    open: 'Open',
    downloadAgain: 'Download again',
    gone: (name: string) => `${name} is no longer where it was saved (moved, deleted, or no longer allowed).`,
  },
  /** Said once, in a browser that lets no page pick where to save (Firefox, Safari). */
  browserNote: {
    why: "This browser does not let a web page choose where files are saved, so each download is kept in the page's private storage while it runs (a reload carries on from there) and goes to your browser's downloads when it is complete.",
    kept: (files: number, size: string) =>
      ` Finished files stay in this browser's storage, for Save again, until you remove them from the list: ${counted(files, { one: 'file', other: 'files' })}, ${size}.`,
  },
  checksum: {
    copied: 'SHA-256 copied.',
    copyRefused: 'The browser did not allow copying; select the checksum and copy it instead.',
    verified: 'Verified',
    mismatch: 'Mismatch',
    /** A checksum the person did not give: {name} is the file or header it came from, {host} its server. */
    verifiedAgainst: (name: string, host: string) => `Verified against ${name} from ${host}`,
    mismatchAgainst: (name: string, host: string) => `Mismatch with ${name} from ${host}`,
    copy: 'Copy SHA-256',
  },
  cors: {
    viaBrowser: 'Download with the browser',
    howToFix: 'How to fix this',
    /** {allowOrigin}, {exposeHeaders} and {preflight} are shown as code. */
    explain:
      'If you run this server, let other sites read its files: send {allowOrigin} (and, for the best results, {exposeHeaders}). A preflight ({preflight}) need not be answered.',
    apache: 'Apache (.htaccess or the site config; needs mod_headers)',
    bucket: 'S3 or R2 bucket (CORS rule)',
  },
  changeUrl: {
    label: 'New URL',
    use: 'Use this URL',
    keep: 'Keep the old URL',
  },
  speedLimit: {
    form: (name: string) => `Speed limit of ${name}`,
    label: 'Speed limit for this download (MiB/s, 0 for none)',
    set: 'Set limit',
  },
  order: {
    drag: 'Drag to move in line',
    up: 'Move up',
    down: 'Move down',
    startNow: 'Start now',
  },
  filter: {
    show: 'Show',
    all: 'All',
    active: 'Active',
    completed: 'Completed',
    failed: 'Failed',
    search: 'Search',
    searchPlaceholder: 'Name or server',
  },
  overview: {
    group: 'All downloads',
    pauseAll: 'Pause all',
    resumeAll: 'Resume all',
    retryFailed: 'Retry failed',
    clearCompleted: 'Clear completed',
    downloading: (n: number) => `${formatCount(LOCALE, n)} downloading`,
    queued: (n: number) => `${formatCount(LOCALE, n)} queued`,
    paused: (n: number) => `${formatCount(LOCALE, n)} paused`,
    completed: (n: number) => `${formatCount(LOCALE, n)} completed`,
    failed: (n: number) => `${formatCount(LOCALE, n)} failed`,
    /** The tab's title once everything stopped: "Paused — Rangefetch". */
    titlePaused: 'Paused',
    titleDone: 'Done',
  },
  listIo: {
    unfinishedOnly: 'Unfinished only',
    export: 'Export list',
    import: 'Import list',
    noUnfinished: 'There are no unfinished downloads to export.',
    none: 'There are no downloads to export.',
    exported: (n: number, file: string) => `Exported ${downloads(n)} to ${file}.`,
    noFolder: (file: string) => `Nothing from ${file} was added: no folder was picked.`,
    added: (n: number, file: string) => `Added ${downloads(n)} from ${file}.`,
    couldNotAdd: (file: string, why: string) => `Could not add the downloads from ${file}: ${why}`,
    tooBig: (file: string, mib: number) => `${file} is ${formatCount(LOCALE, mib)} MiB; a list of downloads is a text file of a few kilobytes.`,
    couldNotRead: (file: string, why: string) => `Could not read ${file}: ${why}`,
    nothingAdded: (file: string) => `Nothing was added from ${file}.`,
    noLinks: (file: string) => `${file} holds no links.`,
    skipped: (n: number, file: string) => `${counted(n, { one: 'line', other: 'lines' })} of ${file} ${n === 1 ? 'was' : 'were'} skipped:`,
    readyToAdd: (n: number, file: string) => `${downloads(n)} from ${file} ${n === 1 ? 'is' : 'are'} ready to add.`,
    onlyNew: (n: number) => `Only the ${counted(n, { one: 'new one', other: 'new ones' })}`,
    /** Said by Export list and Share list alike. */
    zipLeftOut: (n: number) =>
      `${counted(n, { one: 'file', other: 'files' })} taken out of a ZIP ${n === 1 ? 'is' : 'are'} left out: a list carries links to whole files only.`,
  },
  /** Share list: the list as a link (share-list.tsx), and a list that arrived as one (shared-list-offer.tsx). */
  share: {
    open: 'Share list',
    onlyShown: (n: number) => `Only the ${formatCount(LOCALE, n)} shown`,
    nothing: 'There are no downloads to share.',
    making: 'Making the link…',
    linkLabel: 'Share link',
    copy: 'Copy',
    copied: 'Copied',
    copyFailed: 'Could not copy: the link is selected, so Ctrl+C (⌘C on a Mac) copies it.',
    about: (n: number, chars: number) =>
      `${downloads(n)}, with ${n === 1 ? 'its name and any checksum' : 'their names and any checksums'}, in ${counted(chars, { one: 'character', other: 'characters' })}. The list travels inside the link, after #, which browsers never send to any server.`,
    qrLabel: 'QR code of the share link',
    tooLongForQr: (max: number) => `Too long for a QR code, which holds at most ${formatCount(LOCALE, max)} characters: share fewer downloads, or send the link.`,
    title: 'Shared list',
    reading: 'Reading the shared list…',
    arrived: (n: number) =>
      `${downloads(n)} ${n === 1 ? 'was' : 'were'} shared with you. Nothing downloads until you press Download and pick where to save.`,
    more: (n: number) => `…and ${formatCount(LOCALE, n)} more`,
    alreadyHere: (n: number) => (n === 1 ? 'One of them is already in your list.' : `${formatCount(LOCALE, n)} of them are already in your list.`),
    /** Named with its count: the add form's own button is "Download". */
    download: (n: number) => `Download ${counted(n, { one: 'file', other: 'files' })}`,
    added: (n: number) => `Added ${downloads(n)} from the shared list.`,
    noFolder: 'Nothing was added: no place to save was picked. Press Download to pick one.',
    couldNotAdd: (why: string) => `Could not add the shared downloads: ${why}`,
    skipped: (n: number) => `${counted(n, { one: 'line', other: 'lines' })} of the shared list ${n === 1 ? 'was' : 'were'} skipped:`,
    damaged: 'This shared list could not be read: the link is damaged or was cut short. Ask for the link again, and copy all of it.',
    tooBig: 'This shared list is too big to read: it unpacks to more than 16 MiB, and a list of a thousand links is far smaller.',
    empty: 'This shared list holds no links.',
  },
  settings: {
    title: 'Settings',
    labels: settingLabels,
    help: settingHelp,
    outOfRange: (label: string, integer: boolean, min: number, max: number) =>
      `${label} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}.`,
    couldNotLoad: (why: string) => `Could not load the settings, so the defaults are shown: ${why}`,
    couldNotSave: (why: string) => `Could not save the settings: ${why}`,
    applies: 'They apply to every request made after saving.',
    loading: 'Loading the saved settings…',
    saved: 'Saved',
    reset: 'Reset to defaults',
    save: 'Save settings',
  },
  notify: {
    label: 'Notify when downloads finish or fail',
    help: 'A system notification, only while this tab is not in view. Applies at once.',
    denied: 'Notifications are blocked for this page; allow them in the browser’s site settings to turn this on.',
    notAllowed: 'Notifications were not allowed, so none will be shown.',
    unsupported: 'This browser cannot show notifications from this page.',
    complete: 'Download complete',
    failed: 'Download failed',
  },
  /** What the live region says when a download gets somewhere. */
  announce: {
    completed: (name: string) => `${name} completed`,
    failed: (name: string) => `${name} failed`,
    failedBecause: (name: string, why: string) => `${name} failed: ${why}`,
    canceled: (name: string) => `${name} canceled`,
  },
  undo: {
    list: 'Removed downloads',
    removed: (name: string) => `Removed ${name}.`,
    undo: 'Undo',
  },
  /** A job with mirrors: its servers, and what each gave. */
  mirrors: {
    label: 'Servers',
    gave: (amount: string) => `gave ${amount}`,
    /** A finished file that the other servers delivered before this one was given a piece (a small file). */
    notNeeded: 'not needed: the others were quicker',
    dropped: (why: string) => `dropped: ${why}`,
  },
  /** Choose files: picking entries out of a remote ZIP. */
  zip: {
    choose: 'Choose files',
    reading: 'Reading the list of files in the ZIP…',
    title: (name: string, count: number) => `Files in ${name}: ${formatCount(LOCALE, count)}`,
    /** "2 files, 130 KB to fetch of the ZIP's 4.0 GB". */
    chosen: (count: number, fetch: string, total: string) =>
      `${counted(count, { one: 'file', other: 'files' })} chosen, ${fetch} to fetch of the ZIP’s ${total}`,
    sizes: (size: string, packed: string) => `${size} (${packed} packed)`,
    encrypted: 'encrypted: cannot be downloaded by itself',
    unsupported: 'packed in a way this app cannot unpack',
    empty: 'empty',
    downloadChosen: (count: number) => `Download ${counted(count, { one: 'file', other: 'files' })}`,
    selectAll: 'Select all',
    filter: 'Filter files',
    noMatch: 'No file matches.',
    more: (count: number) => `…and ${formatCount(LOCALE, count)} more: filter to find them`,
    tooMany: (most: number) => `At most ${formatCount(LOCALE, most)} files can be downloaded at once: choose fewer.`,
    close: 'Close',
    noRanges: 'This server does not send parts of files (no range requests), so files cannot be picked out of this ZIP. Download the whole ZIP instead.',
    hiddenRange:
      'This server sends parts of files but does not let other sites see which part (no Access-Control-Expose-Headers: Content-Range), so files cannot be picked out of this ZIP. Download the whole ZIP instead.',
    cors: 'This server does not let other sites read its files (CORS), so its ZIP cannot be opened here.',
    network: 'Could not reach the server to read the ZIP.',
    status: (status: number) => `The server answered ${status} when the ZIP was read.`,
    notZip: 'This link is not a ZIP archive (no ZIP directory at its end).',
    damaged: (detail: string) => `The ZIP could not be read: ${detail}`,
  },
  drop: {
    onlyText: 'Only a text file (.txt) with one link per line, or a Metalink (.meta4), can be dropped here.',
    tooBig: (name: string) => `${name} is larger than 1 MiB; a list of links is much smaller.`,
    unreadable: 'The dropped file could not be read.',
  },
  /** The bookmarklet and the other ways links reach the page from elsewhere. */
  linkSources: {
    title: 'Add links from any page',
    dragThis: 'Drag this link to your bookmarks bar:',
    bookmarklet: 'Rangefetch: collect links',
    howItWorks:
      "On another page, click the bookmark: it collects that page's links, or only those matching a pattern you type such as {pattern}, and opens Rangefetch with them in the URL field. Nothing downloads until you press Download.",
    notHere: 'Drag this link to your bookmarks bar; it works on other pages.',
    installed: 'Installed as an app, Rangefetch also takes links shared from other apps, and opens web+rangefetch: links.',
    /**
     * What the bookmarklet says on the page it runs on. Templates, not functions: they travel
     * inside the bookmark, where {count}, {max} and {pattern} are filled in.
     */
    collector: {
      noLinks: 'Rangefetch: this page has no http or https links.',
      ask: 'Rangefetch found links on this page: {count}. To take only some, type a pattern such as *.iso (several: *.iso *.zip); leave it empty for all.',
      askMany:
        'Rangefetch found links on this page: {count}; the first {max} that match are sent. To take only some, type a pattern such as *.iso (several: *.iso *.zip); leave it empty for all.',
      noMatch: 'Rangefetch: no link on this page matches {pattern}.',
    },
  },
};

export type Messages = typeof en;
