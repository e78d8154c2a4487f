/**
 * The engine (src/worker) and the shared checks (src/shared: links, lists, the job lifecycle)
 * write their reasons as English sentences, and the page shows them as they come: a row's
 * reason and notes, "Retrying (3 of 9): …", an answer to a command, a refused link. This is
 * their Simplified Chinese, sentence by sentence, matched by pattern: the engine keeps one
 * language and needs no page to speak another. A sentence not listed here stays in English (a
 * unit test runs the real producers through it, so a new or reworded one is noticed).
 */

type Rule = readonly [RegExp, (...groups: string[]) => string];

/** The states of a job by the lifecycle's phase names ("It is paused; nothing to cancel."). */
const STATES: Readonly<Record<string, string>> = {
  queued: '正在等待',
  starting: '正在开始',
  downloading: '正在下载',
  saving: '正在保存',
  elsewhere: '正在另一个标签页中下载',
  paused: '已暂停',
  'save blocked': '正在等待保存位置',
  'web page': '是网页',
  failed: '已失败',
  canceled: '已取消',
  completed: '已完成',
};

/** What a command would have done ("nothing to pause"). */
const DOING: Readonly<Record<string, string>> = { pause: '暂停', cancel: '取消', change: '更换链接', resume: '继续' };

/** Where a stopping job goes ("It is already stopping (paused)."). */
const STOP_TARGETS: Readonly<Record<string, string>> = { paused: '暂停', queued: '重新排队', canceled: '取消', removed: '移除' };

/** The copier worker's calls, in "no answer to a write within 30 s". */
const CALLS: Readonly<Record<string, string>> = { 'a write': '写入', 'a checksum': '校验', 'the close': '关闭', 'an abort': '中止' };

const pick = (table: Readonly<Record<string, string>>, key: string): string => table[key] ?? key;

/** An optional "(…)" detail, as Chinese parentheses around its translation; empty when absent. */
const detail = (text: string | undefined): string => (text === undefined || text === '' ? '' : `（${translateEngineText(text)}）`);

/** Capitalized first letter, as the rules are written: retry reasons come lower-cased. */
const CORE_RULES: readonly Rule[] = [
  // Requests and answers.
  [/^The server answered (\d{3})(?: (.+))?$/, (code, text) => `服务器返回了 ${code}${text === undefined ? '' : ` ${text}`}`],
  [/^Could not reach the server$/, () => '无法连接到服务器'],
  [/^This server does not allow downloads from other sites(?: \(CORS\))?$/, () => '此服务器不允许其他网站下载它的文件（CORS）'],
  [
    /^This page is served over https and the link is plain http, which the browser does not let the page read(?: \(mixed content\))?$/,
    () => '此页面通过 https 打开，而链接是普通的 http，浏览器不允许页面读取它（混合内容）',
  ],
  [/^Use an https link if the server has one$/, () => '如果服务器有 https 链接，请改用它'],
  [
    /^The server sent an error the browser would not let this page read(?: \(it sends no CORS headers with its errors\))?$/,
    () => '服务器返回了一个浏览器不允许此页面读取的错误（它的错误响应不带 CORS 头）',
  ],
  [/^If the link has expired, paste a fresh one with Change URL$/, () => '如果链接已过期，请用“更换链接”粘贴一个新链接'],
  [/^No data for (\d+) s; the connection was dropped$/, (s) => `${s} 秒内没有收到数据，已断开连接`],
  [/^The connection failed(?: \((.+)\))?$/, (why) => `连接失败${detail(why)}`],
  [/^The connection closed before the range was complete$/, () => '连接在这一段传完之前就关闭了'],
  [/^The server sent fewer bytes than asked for$/, () => '服务器发送的字节比请求的少'],
  [/^The file changed on the server(?: \((.+)\))?$/, (why) => `服务器上的文件已更改${detail(why)}`],
  [/^The file changed on the server; started again$/, () => '服务器上的文件已更改；已重新开始'],
  [/^Its size is different$/, () => '大小不同'],
  [/^Its ETag is different$/, () => 'ETag 不同'],
  [/^Its date is different$/, () => '修改日期不同'],
  [/^It is shorter than before$/, () => '比之前短'],
  [/^It answered with the whole file$/, () => '服务器返回了整个文件'],
  [/^Its first and last bytes are different$/, () => '首尾字节不同'],
  [/^Not enough space to store this download$/, () => '空间不足，无法存放此下载'],
  [/^Free some space, then Resume$/, () => '请释放一些空间，然后点“继续”'],
  [/^Permission to save the file was denied$/, () => '保存文件的权限被拒绝'],
  // A checksum the person gave, or one published beside the file ("(SHA256SUMS from example.org)").
  [
    /^Checksum mismatch: expected ([0-9a-f]*)(?: \((.+) from (.+)\))?, got ([0-9a-f]{64})$/,
    (expected, name, host, got) => `校验值不符：预期 ${expected}${name === undefined ? '' : `（来自 ${host} 的 ${name}）`}，实际为 ${got}`,
  ],
  [/^The file was not saved$/, () => '文件未保存'],
  [/^The checksum arrived after the file was saved: do not trust the saved file$/, () => '校验值在文件保存之后才取得：请不要信任已保存的文件'],
  [/^Unexpected error: (.+)$/, (why) => `意外错误：${why}`],
  [/^The link no longer works(?: \(the server answered (.+)\))?$/, (answer) => `链接已失效${answer === undefined ? '' : `（服务器返回了 ${answer}）`}`],
  [/^Paste a fresh link with Change URL to carry on$/, () => '请用“更换链接”粘贴新链接以继续'],
  [/^The server did not show which bytes it sent$/, () => '服务器没有说明它发送的是哪些字节'],
  [/^The server sent a web page instead of the file(?: \(a login or error page\?\))?$/, () => '服务器发来的是网页而不是文件（可能是登录页或错误页）'],
  [/^The server sent a web page, not a file(?: \(often a sign-in or error page\))?$/, () => '服务器发来的是网页，而不是文件（通常是登录页或错误页）'],
  [/^The server sent no body$/, () => '服务器没有发送任何内容'],
  [/^The server sent an unreadable Content-Range header$/, () => '服务器发送的 Content-Range 头无法解析'],
  [/^The server sent bytes (\d+)–(\d+) when (\d+)–(\d+) were asked for$/, (a, b, c, d) => `请求的是第 ${c}–${d} 字节，服务器却发送了第 ${a}–${b} 字节`],
  [/^The server sent an invalid Content-Length(?: \((.+)\))?$/, (value) => `服务器发送的 Content-Length 无效${value === undefined ? '' : `（${value}）`}`],
  [/^The server sent an invalid Content-Range(?: \((.+)\))?$/, (value) => `服务器发送的 Content-Range 无效${value === undefined ? '' : `（${value}）`}`],
  [/^The server sent a different range than the one asked for$/, () => '服务器发送的范围与请求的不同'],
  [
    /^The server reported a size of (.+), more than the (.+) this app can handle, so the answer is probably broken$/,
    (size, most) => `服务器报告的大小为 ${size}，超过了本应用能处理的 ${most}，这个响应很可能有误`,
  ],
  [/^The server reported an impossible file size(?: \((.+)\))?$/, (size) => `服务器报告了一个不可能的文件大小${size === undefined ? '' : `（${size}）`}`],
  [/^The file size (.+) is not a valid size$/, (size) => `文件大小 ${size} 无效`],
  [/^The server stopped accepting ranges; continuing with one connection$/, () => '服务器不再接受分段请求；改用单个连接继续'],
  [/^The server sent the wrong bytes for a range; continuing with one connection$/, () => '服务器为某一段发送了错误的字节；改用单个连接继续'],
  [/^The server cannot resume this download; started again$/, () => '服务器无法续传此下载；已重新开始'],
  [/^The partly downloaded data was lost; started again$/, () => '已下载的部分数据丢失；已重新开始'],
  // Storage and saving.
  [
    /^Not enough space: this download needs (.+) more and the browser has (.+) free for this site$/,
    (needed, free) => `空间不足：此下载还需要 ${needed}，而浏览器为此网站留出的可用空间只有 ${free}`,
  ],
  [
    /^Not enough space: this download of unknown size has (.+) so far and would need more space than the browser has free for this site(?: \((.+)\))?$/,
    (staged, free) => `空间不足：这个大小未知的下载已有 ${staged}，还需要的空间超过了浏览器为此网站留出的可用空间${free === undefined ? '' : `（${free}）`}`,
  ],
  [/^Saving to the picked file stopped(?: \((.+)\))?$/, (why) => `保存到所选文件时中断了${detail(why)}`],
  [/^Retry copies it again from the downloaded data$/, () => '点“重试”会从已下载的数据重新复制'],
  [/^The copy worker failed: (.+)$/, (why) => `复制线程出错：${why}`],
  [/^No answer to (a write|a checksum|the close|an abort) within (.+)$/, (call, time) => `${pick(CALLS, call)}操作在 ${time} 内没有响应`],
  [/^It did not answer for (.+)$/, (time) => `它已有 ${time} 没有响应`],
  [/^Could not write the picked file(?: \((.+)\))?$/, (why) => `无法写入所选文件${why === undefined ? '' : `（${why}）`}`],
  [/^Could not run the download: (.+)$/, (why) => `无法运行下载：${translateEngineText(why)}`],
  [/^The empty file made at the place you picked was removed$/, () => '已删除在所选位置创建的空文件'],
  [/^Saved as (.+): the browser refused the name (.+) in this folder$/, (name, refused) => `已另存为 ${name}：浏览器不允许在此文件夹中使用名称 ${refused}`],
  [/^“(.+)” already saves to that file$/, (name) => `“${name}”已经保存到这个文件`],
  [/^Pick another file, or remove that download first$/, () => '请选择其他文件，或先移除那个下载'],
  [/^This browser cannot ask where to save a file$/, () => '此浏览器无法询问文件的保存位置'],
  // Records and the database.
  [/^This entry is damaged(?: \((.+)\))?$/, (why) => `此条目已损坏${detail(why)}`],
  [/^Remove it; its downloaded bytes are kept until then$/, () => '移除它即可；在此之前，已下载的数据会保留'],
  [/^It has no id$/, () => '缺少 ID'],
  [/^Its (.+) is not valid$/, (field) => `${field} 无效`],
  [/^Could not load your saved downloads: (.+)$/, (why) => `无法读取已保存的下载：${why}`],
  [/^This download is no longer in the list$/, () => '此下载已不在列表中'],
  [/^Carrying on from the new link$/, () => '正在从新链接继续下载'],
  [
    /^Close other Rangefetch tabs to finish updating: an older version there holds the downloads database$/,
    () => '请关闭其他 Rangefetch 标签页以完成更新：那里的旧版本正占用下载数据库',
  ],
  [/^A newer version of Rangefetch opened in another tab$/, () => '另一个标签页打开了较新版本的 Rangefetch'],
  [/^Reload this tab to go on$/, () => '请重新加载此标签页以继续'],
  [
    /^This browser does not let the page keep downloads in its own storage, so Rangefetch cannot download here$/,
    () => '此浏览器不允许页面在自己的存储中保存下载，因此 Rangefetch 无法在这里下载',
  ],
  [
    /^A private window does this; open the page in a normal window of a current Chrome, Edge, Firefox or Safari$/,
    () => '无痕窗口就会这样；请在新版 Chrome、Edge、Firefox 或 Safari 的普通窗口中打开此页面',
  ],
  [
    /^This browser cannot write downloads in place in its own storage \(it lacks sync access handles\), so Rangefetch cannot download here$/,
    () => '此浏览器无法在自己的存储中原地写入下载（缺少同步访问句柄），因此 Rangefetch 无法在这里下载',
  ],
  [/^A current Chrome, Edge, Firefox or Safari can$/, () => '新版 Chrome、Edge、Firefox 或 Safari 都可以'],
  [/^The speed limit must be a number from 0 to (\S+) MiB\/s$/, (most) => `限速必须是 0 到 ${most} MiB/s 之间的数字`],
  // A new link for a job (Change URL).
  [/^Paste a link$/, () => '请粘贴一个链接'],
  [/^The new link did not work: (.+)$/, (why) => `新链接无法使用：${translateEngineText(why)}`],
  [/^The new link is a different file: (.+)$/, (why) => `新链接指向的是另一个文件：${translateEngineText(why)}`],
  [/^Nothing was changed$/, () => '未做任何更改'],
  [/^The new link cannot resume downloads \(its server ignores ranges\)$/, () => '新链接无法续传（它的服务器不支持分段请求）'],
  [/^Neither link shows a version of the file, so it cannot be checked to be the same$/, () => '两个链接都没有提供文件的版本信息，无法确认是同一个文件'],
  // Commands a job's state does not allow (src/shared/job-lifecycle.ts).
  [/^Only a queued download can start$/, () => '只有等待中的下载才能开始'],
  [/^Not asking for the lock$/, () => '没有在请求锁'],
  [/^Not downloading$/, () => '没有在下载'],
  [/^Nothing of it runs in this tab$/, () => '它没有在此标签页中运行'],
  [/^The lock is not wanted now$/, () => '现在不需要锁'],
  [/^This tab is asking for the lock; its answer decides$/, () => '此标签页正在请求锁；由请求结果决定'],
  [/^This tab drives the job$/, () => '此下载由此标签页负责'],
  [/^This tab drives the job; its own record is the latest$/, () => '此下载由此标签页负责；它自己的记录就是最新的'],
  [/^This tab reads the record once it holds the lock$/, () => '此标签页拿到锁之后才会读取记录'],
  [/^This entry is damaged; only Remove applies$/, () => '此条目已损坏；只能移除'],
  [/^It was removed$/, () => '它已被移除'],
  [/^No run of this tab is under way$/, () => '此标签页中没有正在进行的下载'],
  [/^It failed; Retry goes on from its bytes$/, () => '它已失败；点“重试”会从已下载的数据继续'],
  [/^It is not paused$/, () => '它没有暂停'],
  [/^Only a failed download can be retried$/, () => '只有失败的下载才能重试'],
  [/^Only a finished, failed or canceled download can be downloaded again$/, () => '只有已完成、失败或已取消的下载才能重新下载'],
  [/^There is no web page to keep$/, () => '没有可保留的网页'],
  [/^It is not waiting for a place to save$/, () => '它没有在等待保存位置'],
  [/^It is already saved; nothing to (\w+)$/, (doing) => `它已经保存好了，无需${pick(DOING, doing)}`],
  [/^It is already stopping \((\w+)\)$/, (then) => `它已经在停止中（之后将${pick(STOP_TARGETS, then)}）`],
  [/^It is already being removed$/, () => '它已经在移除中'],
  [/^It is ([\w ]+); nothing to (\w+)$/, (state, doing) => `它${pick(STATES, state)}，无需${pick(DOING, doing)}`],
  [/^Every byte is already here; the link is no longer needed$/, () => '所有数据都已下载，不再需要这个链接'],
  [/^It is stopping; change the link once it has$/, () => '它正在停止；等它停下后再更换链接'],
  [/^Another tab is downloading it; change the link there$/, () => '另一个标签页正在下载它；请在那里更换链接'],
  [/^It was canceled; Download again starts it anew$/, () => '它已被取消；点“重新下载”会从头开始'],
  // Links typed, pasted or imported (url-input, link-input, url-patterns, aria2-list).
  [/^Paste at least one link$/, () => '请至少粘贴一个链接'],
  [/^That is (\S+) links; at most (\S+) can be added at once$/, (count, most) => `这里有 ${count} 个链接；一次最多只能添加 ${most} 个`],
  [/^That list has (\S+) links; at most (\S+) can be added at once$/, (count, most) => `这个列表有 ${count} 个链接；一次最多只能添加 ${most} 个`],
  [
    /^(This pattern makes|These lines make) (more than )?(\S+) links; at most (\S+) can be added at once$/,
    (what, over, count, most) =>
      `${what === 'This pattern makes' ? '这个编号模式' : '这些行'}会生成${over === undefined ? '' : '超过'} ${count} 个链接；一次最多只能添加 ${most} 个`,
  ],
  [/^Line (\d+): (.+)$/s, (line, rest) => `第 ${line} 行：${translateEngineText(rest)}`],
  [/^…and (\S+) more problems?$/, (count) => `……还有 ${count} 个问题`],
  [/^This link is also on line (\d+), with a different (sha256|checksum)$/, (line, what) => `这个链接也出现在第 ${line} 行，但${what === 'sha256' ? ' sha256 ' : ''}校验值不同`],
  [
    /^This link is (\S+) characters long; most servers refuse links longer than (\S+) characters$/,
    (length, most) => `这个链接有 ${length} 个字符；大多数服务器会拒绝超过 ${most} 个字符的链接`,
  ],
  [/^The sha256 checksum must follow a link on the same line$/, () => 'sha256 校验值必须写在同一行的链接后面'],
  [/^A sha256 checksum must be 64 hexadecimal digits \(got (.+)\)$/, (got) => `sha256 校验值必须是 64 位十六进制数字（当前为 ${got}）`],
  [/^Put each link on its own line \(got (.+)\)$/, (got) => `请每行只写一个链接（当前为 ${got}）`],
  [/^(".*") is not a complete link$/s, (quoted) => `${quoted} 不是完整的链接`],
  [/^Did you mean (.+)\?$/s, (url) => `你是不是想输入 ${url}？`],
  [/^(".*") is not a valid link$/s, (quoted) => `${quoted} 不是有效的链接`],
  [/^Only http and https links can be downloaded \(got (.+)\)$/, (got) => `只能下载 http 和 https 链接（当前为 ${got}）`],
  [
    /^Links with a user name or password in them \(user:password@host\) are not accepted; remove that part$/,
    () => '不接受带用户名或密码的链接（user:password@host）；请删掉这一部分',
  ],
  [
    /^One sha256 checksum cannot check the several files a pattern makes; put each link on its own line with its own checksum$/,
    () => '一个 sha256 校验值无法校验编号模式生成的多个文件；请把每个链接单独写一行，并附上各自的校验值',
  ],
  [/^The "(.)" at character (\d+) is never closed with "(.)"$/, (open, at, close) => `第 ${at} 个字符处的“${open}”没有对应的“${close}”`],
  [/^Groups cannot be put inside one another \(at character (\d+)\)$/, (at) => `分组不能嵌套（第 ${at} 个字符处）`],
  [/^(\[.*\]) is not a range; write it as \[1-10\], \[001-100\], \[a-z\] or \[0-100:10\]$/, (group) => `${group} 不是有效的范围；请写成 [1-10]、[001-100]、[a-z] 或 [0-100:10]`],
  [/^(\[.*\]) has a step of (.+); a step must be 1 or more$/, (group, step) => `${group} 的步长是 ${step}；步长必须至少为 1`],
  [/^(\[.*\]) mixes a number and a letter; use two numbers or two letters$/, (group) => `${group} 混用了数字和字母；请用两个数字或两个字母`],
  [/^(\[.*\]) has a number longer than (\d+) digits$/, (group, most) => `${group} 中的数字超过了 ${most} 位`],
  [/^(\[.*\]) counts down; put the smaller number first \((\[.*\])\)$/, (group, fixed) => `${group} 是递减的；请把较小的数字放在前面（${fixed}）`],
  [/^(\[.*\]) counts down; put the earlier letter first \((\[.*\])\)$/, (group, fixed) => `${group} 是递减的；请把靠前的字母放在前面（${fixed}）`],
  [/^(\[.*\]) mixes lowercase and uppercase letters$/, (group) => `${group} 混用了小写和大写字母`],
  [/^An option \(a line starting with a space\) must come below a link$/, () => '选项（以空格开头的行）必须写在链接下面'],
  [
    /^A sha-256 checksum must be 64 hexadecimal digits \(got (.*)\); the link on line (\d+) was skipped$/,
    (got, line) => `sha-256 校验值必须是 64 位十六进制数字（当前为 ${got}）；已跳过第 ${line} 行的链接`,
  ],
  [/^The link on line (\d+) was given two different checksums; it was skipped$/, (line) => `第 ${line} 行的链接有两个不同的校验值，已跳过`],
  // Mirrors: a line of TAB-separated links, a Metalink, and a server that was dropped.
  [/^At most (\d+) mirrors of one file can be given \(got (\d+)\)$/, (most, got) => `一个文件最多可以给出 ${most} 个镜像（当前为 ${got} 个）`],
  [/^The mirrors of one file were given different sha256 checksums$/, () => '同一文件的几个镜像给出了不同的 sha256 校验值'],
  [/^This is not a Metalink file$/, () => '这不是 Metalink 文件'],
  [/^This Metalink lists no files$/, () => '这个 Metalink 没有列出任何文件'],
  [/^That Metalink has (\S+) files; at most (\S+) can be added at once$/, (n, most) => `这个 Metalink 有 ${n} 个文件；一次最多只能添加 ${most} 个`],
  [/^(“.*”|A file without a name): no http or https link to download it from$/s, (file) => `${file === 'A file without a name' ? '一个没有名字的文件' : file}：没有可下载的 http 或 https 链接`],
  [/^(“.*”|A file without a name): its sha-256 hash is not 64 hexadecimal digits$/s, (file) => `${file === 'A file without a name' ? '一个没有名字的文件' : file}：它的 sha-256 哈希值不是 64 位十六进制数字`],
  [/^Mirror (\S+) dropped: (.+)$/s, (host, why) => `已停用镜像 ${host}：${translateEngineText(why)}`],
  [/^Server (\S+) dropped: (.+); (\S+) took its place$/s, (host, why, to) => `已停用服务器 ${host}：${translateEngineText(why)}；由 ${to} 接替`],
  [/^It serves a different file(?: \((.+)\))?$/, (why) => `它提供的是另一个文件${detail(why)}`],
  [/^It does not accept ranges$/, () => '它不支持分段请求'],
  [/^It stopped accepting ranges$/, () => '它不再接受分段请求'],
  [/^It does not show which bytes it sends \(no readable Content-Range\)$/, () => '它不表明发送的是哪些字节（无法读取 Content-Range）'],
  [/^It failed: (.+)$/s, (why) => `它出错了：${translateEngineText(why)}`],
  [/^The server's file is ([\d,]+) bytes; the list gave ([\d,]+) bytes for it$/, (size, listed) => `服务器上的文件是 ${size} 字节；列表给出的是 ${listed} 字节`],
  // One file out of a ZIP: its directory, its bytes, and the check of what arrived.
  [/^The server stopped answering ranges, which one file out of a ZIP needs$/, () => '服务器不再响应范围请求，而从 ZIP 中单独取出一个文件需要它'],
  [/^The server did not show which bytes of the ZIP it sent$/, () => '服务器没有表明它发送的是 ZIP 的哪些字节'],
  [/^The file from the ZIP is not intact: (.+)$/s, (why) => `从 ZIP 中取出的文件不完整：${zipProblem(why)}`],
  [/^Nothing was saved$/, () => '没有保存任何内容'],
  [/^The archive’s (ZIP64 end record|central directory) is (out of place|damaged)$/, (part, how) => `压缩包的${part === 'ZIP64 end record' ? ' ZIP64 结束记录' : '中央目录'}${how === 'damaged' ? '已损坏' : '位置不对'}`],
  [/^This is not a ZIP archive(?: \(no end of central directory found\))?$/, () => '这不是 ZIP 压缩包（末尾没有中央目录）'],
  [/^The archive needs ZIP64 records it does not have$/, () => '压缩包需要 ZIP64 记录，但其中没有'],
  [/^The archive has too many files to list$/, () => '压缩包中的文件太多，无法列出'],
  [/^The archive’s entry (.+) lies outside it$/s, (path) => `压缩包中的 ${path} 超出了压缩包的范围`],
  [/^The archive lacks the ZIP64 sizes of an entry$/, () => '压缩包缺少某个文件的 ZIP64 大小'],
  [/^An entry’s local header is damaged$/, () => '某个文件的本地文件头已损坏'],
  [/^A size or offset in the archive is impossibly large$/, () => '压缩包中的某个大小或位置大得不可能'],
  [/^The archive’s ZIP64 records point at each other$/, () => '压缩包的 ZIP64 记录互相指向'],
  [/^The archive changed while it was read$/, () => '读取期间压缩包发生了变化'],
  [/^The server sent other bytes than asked$/, () => '服务器发送的字节不是所请求的'],
  [/^(.+) cannot be downloaded by itself$/s, (path) => `${path} 无法单独下载`],
];

/** Why a file from a ZIP is not intact (the middle of "The file from the ZIP is not intact: …"). */
function zipProblem(why: string): string {
  const sizes = /^it is (.+) and the ZIP’s directory says (.+)$/.exec(why);
  if (sizes) return `它有 ${sizes[1] ?? ''}，而 ZIP 目录中写的是 ${sizes[2] ?? ''}`;
  const crc = /^its CRC-32 is (\w+) and the ZIP’s directory says (\w+)$/.exec(why);
  if (crc) return `它的 CRC-32 是 ${crc[1] ?? ''}，而 ZIP 目录中写的是 ${crc[2] ?? ''}`;
  return why === 'its compressed data is damaged' ? '它的压缩数据已损坏' : why;
}

/** "The server answered 503 (gave up after 9 tries)": the sentence, and how many tries it took. */
const GAVE_UP = /^(.*) \(gave up after (\d+) tr(?:y|ies)\)$/s;

/** One sentence, without its final full stop; null when no rule knows it. */
function translateSentence(sentence: string): string | null {
  const gaveUp = GAVE_UP.exec(sentence);
  if (gaveUp !== null) {
    const inner = translateSentence(gaveUp[1] ?? '');
    return inner === null ? null : `${inner}（尝试 ${gaveUp[2] ?? ''} 次后放弃）`;
  }
  const capitalized = sentence.charAt(0).toUpperCase() + sentence.slice(1);
  for (const [pattern, say] of CORE_RULES) {
    const match = pattern.exec(capitalized);
    if (match !== null) return say(...match.slice(1).map((group) => group as string));
  }
  return null;
}

/** Sentences end at ". " (or "? ") before a capital letter or an opening quote. */
const SENTENCE_END = /(?<=[.?])\s+(?=[A-Z“"…])/;

/** `text` in Simplified Chinese, sentence by sentence; a sentence no rule knows stays English. */
export function translateEngineText(text: string): string {
  const sentences = text.split(SENTENCE_END);
  return sentences
    .map((sentence, i) => {
      const stop = sentence.endsWith('.');
      const said = translateSentence(stop ? sentence.slice(0, -1) : sentence);
      if (said !== null) return stop ? `${said}。` : said;
      return i < sentences.length - 1 ? `${sentence} ` : sentence;
    })
    .join('');
}
