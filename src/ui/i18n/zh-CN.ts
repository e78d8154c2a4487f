/**
 * 简体中文. Typed against the English catalog: every key there must be here. Names (Rangefetch,
 * SHA-256, CORS, HTTP header names) and binary units (MiB) are kept as they are. Terms are kept
 * the same throughout: 下载, 暂停, 继续, 重试, 取消, 移除, 已完成, 失败, 等待中, 速度, 剩余, 保存为.
 */
import type { NumberWords } from '../../shared/format';
import type { Settings } from '../../shared/settings';
import type { ViewStatus } from '../../shared/types';
import type { RowActionKind } from '../row-actions';
import type { Messages } from './en';
import { translateEngineText } from './engine-text-zh';
import { formatCount } from './plural';

const LOCALE = 'zh-CN';

/** Counts as Chinese writes them ("1,000"); Chinese has no plural forms to choose. */
const n = (value: number): string => formatCount(LOCALE, value);

const numbers: NumberWords = {
  locale: LOCALE,
  progress: (done, total) => `${done} / ${total}`,
  duration: { s: '秒', min: '分', h: '小时', d: '天', gap: '' },
};

const status: Record<ViewStatus, string> = {
  queued: '等待中',
  downloading: '下载中',
  saving: '保存中',
  paused: '已暂停',
  'save-blocked': '待保存',
  'web-page': '网页',
  failed: '失败',
  canceled: '已取消',
  completed: '已完成',
  pausing: '正在暂停…',
  canceling: '正在取消…',
  removing: '正在移除…',
  stopping: '正在停止…',
  damaged: '已损坏',
};

const actions: Record<RowActionKind, string> = {
  pause: '暂停',
  resume: '继续',
  cancel: '取消',
  remove: '移除',
  retry: '重试',
  restart: '重新下载',
  'keep-anyway': '仍然保留',
  allow: '允许',
  save: '保存',
  'save-as': '另存为…',
  'change-url': '更换链接',
};

const settingLabels: Record<keyof Settings, string> = {
  connectionsPerServer: '每台服务器的连接数',
  retries: '放弃前的重试次数',
  giveUpAfterSeconds: '放弃时限（秒）',
  stallTimeoutSeconds: '停滞超时（秒）',
  speedLimitMBps: '总限速（MiB/s，0 表示不限）',
  downloadsAtOnce: '同时下载数（0 表示自动）',
  jobSpeedLimitMBps: '新下载的默认限速（MiB/s，0 表示不限）',
};

const settingHelp: Record<keyof Settings, string> = {
  connectionsPerServer: '同时向一台服务器发出的请求数，由该服务器的所有下载共用。浏览器在 HTTP/1.1 下最多允许 6 个。',
  retries: '连续失败多少次（其间没有收到任何数据）后停止下载。',
  giveUpAfterSeconds: '一直失败的下载在这段时间后停止。',
  stallTimeoutSeconds: '连接在这段时间内没有收到任何数据，就断开并重新请求。',
  speedLimitMBps: '所有下载合计的速度上限；列表中的速度使用同一单位。',
  downloadsAtOnce: '其余下载按列表顺序排队。自动模式最多同时下载 12 个。',
  jobSpeedLimitMBps: '此后添加的每个下载都使用这个限速；也可以在各下载的详情中单独修改。',
};

export const zhCN: Messages = {
  locale: LOCALE,
  numbers,
  sentence: translateEngineText,
  language: {
    label: '语言',
  },
  update: {
    title: '更新已就绪',
    ready: 'Rangefetch 的新版本已准备就绪。',
    readyWhileDownloading: 'Rangefetch 的新版本已准备就绪。正在进行的下载会在重新加载后继续。',
    reload: '重新加载以更新',
  },
  app: {
    name: 'Rangefetch',
    tagline: '在一个浏览器标签页里完成快速、可续传的下载。',
    dismiss: '关闭',
    downloads: '下载列表',
    empty: '还没有下载。',
    noMatch: '没有符合条件的下载。',
    engineDidNotStart: (why) => `下载引擎未能启动：${why}`,
    samples: '试试示例文件',
  },
  add: {
    urlLabel: '链接',
    placeholder: 'https://example.com/file.iso — 每行一个链接',
    hint: '粘贴一个或多个链接，每行一个，也可以写成 {pattern} 这样的编号链接。在链接后加上 {checksum} 可校验文件。按 Ctrl+Enter 开始下载。',
    download: '下载',
    couldNotStart: (why) => `无法开始下载：${why}`,
    oneDuplicate: (url) => `${url} 已在下载列表中。`,
    manyDuplicates: (count) => `其中 ${n(count)} 个链接已在下载列表中。`,
    downloadAgainQuestion: '要重新下载吗？',
    downloadAgain: '重新下载',
    dontDownload: '不下载',
    previewTitle: (count) => `将添加 ${n(count)} 个下载。`,
    previewMore: (count) => `……另外还有 ${n(count)} 个`,
    addDownloads: (count) => `添加 ${n(count)} 个下载`,
    cancel: '取消',
    addValid: '只添加有效的链接',
  },
  row: {
    status,
    actions,
    details: '详情',
    progressOf: (name) => `${name} 的进度`,
    sizeUnknown: '大小未知',
    left: (duration) => `剩余 ${duration}`,
    retrying: (attempt, of, reason) => `正在重试（第 ${attempt} 次，共 ${of} 次）：${reason}`,
    waitingForConnection: '等待连接',
    requests: (count, protocol, serverLimit) =>
      `${count === 1 ? '1 个请求' : `${n(count)} 个并行请求`}${protocol === null ? '' : `，经由 ${protocol}`}${serverLimit === null ? '' : `（服务器只允许 ${serverLimit} 个）`}`,
    webPageReason: '服务器发来的是网页，而不是文件（通常是登录页或错误页）',
    damagedReason: '此条目已损坏',
    elsewhere: '正在另一个标签页中下载',
    allowToSave: '所有数据都已下载。允许保存后即可写入文件。',
    chooseWhereToSave: '所有数据都已下载。请选择保存位置。',
    notAllowed: '未获准保存到该位置。请用“另存为…”选择其他位置。',
    about: (name, text) => `${name}：${text}`,
    pauseBeforeRemoving: (name) => `${name}：请先暂停或取消，再移除。`,
    facts: {
      link: '链接',
      savedAs: '保存为',
      savesAs: '将保存为',
      inFolder: (folder) => `（位于 ${folder}）`,
      noPlaceYet: '（尚未选择保存位置）',
      expectedSha256: '预期的 SHA-256',
      connections: '连接',
      noneOpen: '无',
      protocol: '协议',
      protocolHidden: '浏览器未提供',
      added: '添加时间',
      completed: '完成时间',
    },
  },
  finished: {
    savedAs: '已保存为 {name}',
    savedAsIn: '已保存为 {name}（位于 {folder}）',
    savedToBrowser: '已通过浏览器下载，文件名为 {name}',
    saveAgain: '再次保存',
    notKept: (name) => `${name} 已不在此浏览器中保存（网站数据已被清除）。点“重新下载”会重新获取它。`,
    open: '打开',
    downloadAgain: '重新下载',
    gone: (name) => `${name} 已不在保存的位置（可能被移动、删除，或不再允许访问）。`,
  },
  browserNote: {
    why: '此浏览器不允许网页选择文件的保存位置，因此每个下载在进行时都存放在此页面的私有存储中（重新加载后会从那里继续），下载完成后再交给浏览器的下载功能。',
    kept: (files, size) => `已完成的文件会一直留在此浏览器的存储中，以便“再次保存”，直到你把它们从列表中移除：${n(files)} 个文件，共 ${size}。`,
  },
  checksum: {
    copied: '已复制 SHA-256。',
    copyRefused: '浏览器不允许复制；请选中校验值后手动复制。',
    verified: '校验通过',
    mismatch: '校验不符',
    copy: '复制 SHA-256',
  },
  cors: {
    viaBrowser: '用浏览器下载',
    howToFix: '如何解决',
    explain: '如果这台服务器由你管理，请允许其他网站读取它的文件：发送 {allowOrigin}（最好再加上 {exposeHeaders}）。无需响应预检请求（{preflight}）。',
    apache: 'Apache（.htaccess 或站点配置；需要 mod_headers）',
    bucket: 'S3 或 R2 存储桶（CORS 规则）',
  },
  changeUrl: {
    label: '新链接',
    use: '使用此链接',
    keep: '保留原链接',
  },
  speedLimit: {
    form: (name) => `${name} 的限速`,
    label: '此下载的限速（MiB/s，0 表示不限）',
    set: '设置限速',
  },
  order: {
    drag: '拖动以调整顺序',
    up: '上移',
    down: '下移',
    startNow: '立即开始',
  },
  filter: {
    show: '显示',
    all: '全部',
    active: '进行中',
    completed: '已完成',
    failed: '失败',
    search: '搜索',
    searchPlaceholder: '文件名或服务器',
  },
  overview: {
    group: '全部下载',
    pauseAll: '全部暂停',
    resumeAll: '全部继续',
    retryFailed: '重试失败的下载',
    clearCompleted: '清除已完成',
    // A no-break space: a narrow screen broke "1 / 个失败" between the number and its measure word.
    downloading: (count) => `${n(count)}\u00a0个下载中`,
    queued: (count) => `${n(count)}\u00a0个等待中`,
    paused: (count) => `${n(count)}\u00a0个已暂停`,
    completed: (count) => `${n(count)}\u00a0个已完成`,
    failed: (count) => `${n(count)}\u00a0个失败`,
    titlePaused: '已暂停',
    titleDone: '全部完成',
  },
  listIo: {
    unfinishedOnly: '仅未完成的',
    export: '导出列表',
    import: '导入列表',
    noUnfinished: '没有可导出的未完成下载。',
    none: '没有可导出的下载。',
    exported: (count, file) => `已将 ${n(count)} 个下载导出到 ${file}。`,
    noFolder: (file) => `没有添加 ${file} 中的下载：未选择文件夹。`,
    added: (count, file) => `已从 ${file} 添加 ${n(count)} 个下载。`,
    couldNotAdd: (file, why) => `无法添加 ${file} 中的下载：${why}`,
    tooBig: (file, mib) => `${file} 有 ${n(mib)} MiB；下载列表应当是只有几 KB 的文本文件。`,
    couldNotRead: (file, why) => `无法读取 ${file}：${why}`,
    nothingAdded: (file) => `没有从 ${file} 添加任何下载。`,
    noLinks: (file) => `${file} 中没有链接。`,
    skipped: (count, file) => `${file} 中有 ${n(count)} 行被跳过：`,
    readyToAdd: (count, file) => `${file} 中的 ${n(count)} 个下载可以添加了。`,
    onlyNew: (count) => `只下载 ${n(count)} 个新的`,
  },
  settings: {
    title: '设置',
    labels: settingLabels,
    help: settingHelp,
    outOfRange: (label, integer, min, max) => `${label}必须是 ${min} 到 ${max} 之间的${integer ? '整数' : '数字'}。`,
    couldNotLoad: (why) => `无法读取设置，因此显示的是默认值：${why}`,
    couldNotSave: (why) => `无法保存设置：${why}`,
    applies: '保存后发出的每个请求都会使用这些设置。',
    loading: '正在读取已保存的设置…',
    saved: '已保存',
    reset: '恢复默认值',
    save: '保存设置',
  },
  notify: {
    label: '下载完成或失败时通知我',
    help: '只在此标签页不可见时显示系统通知。立即生效。',
    denied: '此页面的通知已被阻止；请先在浏览器的网站设置中允许通知，再开启此项。',
    notAllowed: '未获准显示通知，因此不会显示任何通知。',
    unsupported: '此浏览器无法显示来自此页面的通知。',
    complete: '下载完成',
    failed: '下载失败',
  },
  announce: {
    completed: (name) => `${name} 已完成`,
    failed: (name) => `${name} 下载失败`,
    failedBecause: (name, why) => `${name} 下载失败：${why}`,
    canceled: (name) => `${name} 已取消`,
  },
  undo: {
    list: '已移除的下载',
    removed: (name) => `已移除 ${name}。`,
    undo: '撤销',
  },
  drop: {
    onlyText: '这里只能拖入每行一个链接的文本文件（.txt）。',
    tooBig: (name) => `${name} 超过 1 MiB；链接列表通常小得多。`,
    unreadable: '无法读取拖入的文件。',
  },
  linkSources: {
    title: '从任意网页添加链接',
    dragThis: '把这个链接拖到书签栏：',
    bookmarklet: 'Rangefetch：收集链接',
    howItWorks:
      '在其他网页上点击这个书签：它会收集该网页上的链接（或只收集与你输入的模式相符的链接，例如 {pattern}），然后打开 Rangefetch，把这些链接放进“链接”输入框。在你按下“下载”之前，不会下载任何文件。',
    notHere: '请把这个链接拖到书签栏；它要在其他网页上使用。',
    installed: '安装为应用后，Rangefetch 还能接收其他应用分享的链接，并能打开 web+rangefetch: 链接。',
    collector: {
      noLinks: 'Rangefetch：此网页上没有 http 或 https 链接。',
      ask: 'Rangefetch 在此网页上找到 {count} 个链接。如只要其中一部分，请输入模式，例如 *.iso（多个模式用空格分隔：*.iso *.zip）；留空则全部添加。',
      askMany:
        'Rangefetch 在此网页上找到 {count} 个链接，只发送前 {max} 个相符的链接。如只要其中一部分，请输入模式，例如 *.iso（多个模式用空格分隔：*.iso *.zip）；留空则全部添加。',
      noMatch: 'Rangefetch：此网页上没有与 {pattern} 相符的链接。',
    },
  },
};
