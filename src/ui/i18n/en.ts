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
  drop: {
    onlyText: 'Only a text file (.txt) with one link per line can be dropped here.',
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
