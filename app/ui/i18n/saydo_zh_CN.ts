<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnswerWindow</name>
    <message>
        <source>saydo — answer</source>
        <translation>saydo — 查询结果</translation>
    </message>
    <message>
        <source>nothing found</source>
        <translation>没有找到</translation>
    </message>
    <message>
        <source>{count} found</source>
        <translation>找到 {count} 条</translation>
    </message>
    <message>
        <source> · total {totals}</source>
        <translation> · 合计 {totals}</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Intent</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>AttachmentsView</name>
    <message>
        <source>the stored file is missing</source>
        <translation>存储的文件不见了</translation>
    </message>
    <message>
        <source>HEIC photos cannot be shown here; open it to see it</source>
        <translation>HEIC 照片无法在这里显示；请打开文件查看</translation>
    </message>
    <message>
        <source>not a readable image ({reason})</source>
        <translation>无法读取的图片（{reason}）</translation>
    </message>
    <message>
        <source>too large to show ({width} × {height} pixels); open it to see it</source>
        <translation>图片太大，无法显示（{width} × {height} 像素）；请打开文件查看</translation>
    </message>
    <message>
        <source>{name}: the stored file is missing</source>
        <translation>{name}：存储的文件不见了</translation>
    </message>
    <message>
        <source>{name}: no program opens this file</source>
        <translation>{name}：没有程序能打开这个文件</translation>
    </message>
</context>
<context>
    <name>AudioPlayer</name>
    <message>
        <source>No recording is stored with this record (it was typed, or came from the command line).</source>
        <translation>这条记录没有保存录音（它是打字输入的，或来自命令行）。</translation>
    </message>
    <message>
        <source>The recording was deleted after filing, as the audio setting asks.</source>
        <translation>按照音频设置，录音已在保存后删除。</translation>
    </message>
    <message>
        <source>The recording was not kept: the audio setting is “Never write to disk”.</source>
        <translation>录音没有保留：音频设置为“从不写入磁盘”。</translation>
    </message>
    <message>
        <source>The recording is missing from {path}.</source>
        <translation>录音已不在 {path}。</translation>
    </message>
    <message>
        <source>▶ Play</source>
        <translation>▶ 播放</translation>
    </message>
    <message>
        <source>Play what was said</source>
        <translation>播放说过的话</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>Cannot read the recording: {reason}</source>
        <translation>无法读取录音：{reason}</translation>
    </message>
    <message>
        <source>Cannot play: {reason}</source>
        <translation>无法播放：{reason}</translation>
    </message>
    <message>
        <source>■ Stop</source>
        <translation>■ 停止</translation>
    </message>
    <message>
        <source>Playing, {seconds} s</source>
        <translation>正在播放，{seconds} 秒</translation>
    </message>
</context>
<context>
    <name>Choice</name>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>meals</source>
        <translation>餐饮</translation>
    </message>
    <message>
        <source>travel</source>
        <translation>差旅</translation>
    </message>
    <message>
        <source>lodging</source>
        <translation>住宿</translation>
    </message>
    <message>
        <source>transport</source>
        <translation>交通</translation>
    </message>
    <message>
        <source>office</source>
        <translation>办公</translation>
    </message>
    <message>
        <source>entertainment</source>
        <translation>招待</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>ClientsView</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Intent</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>How</source>
        <translation>关联</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>visit</source>
        <translation>拜访</translation>
    </message>
    <message>
        <source>a contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>mentioned</source>
        <translation>提及</translation>
    </message>
    <message>
        <source>Search clients…</source>
        <translation>搜索客户…</translation>
    </message>
    <message>
        <source>All clients</source>
        <translation>全部客户</translation>
    </message>
    <message>
        <source>In the client book</source>
        <translation>在客户簿中</translation>
    </message>
    <message>
        <source>Not in the client book</source>
        <translation>不在客户簿中</translation>
    </message>
    <message>
        <source>Add to the client book</source>
        <translation>加入客户簿</translation>
    </message>
    <message>
        <source>Records name this client, but your client book does not have it yet</source>
        <translation>有记录提到这个客户，但客户簿里还没有它</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Deals</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>上次拜访</translation>
    </message>
    <message>
        <source>Follow-ups</source>
        <translation>待跟进</translation>
    </message>
    <message>
        <source>Cannot read the clients: {reason}</source>
        <translation>无法读取客户：{reason}</translation>
    </message>
    <message>
        <source>{name} (not in the book)</source>
        <translation>{name}（不在客户簿中）</translation>
    </message>
    <message>
        <source>{count} client</source>
        <translation>{count} 个客户</translation>
    </message>
    <message>
        <source>{count} clients</source>
        <translation>{count} 个客户</translation>
    </message>
    <message>
        <source>Cannot read the records: {reason}</source>
        <translation>无法读取记录：{reason}</translation>
    </message>
    <message>
        <source>No client chosen</source>
        <translation>未选择客户</translation>
    </message>
    <message>
        <source>No clients yet: visit notes and the client book fill this list.</source>
        <translation>还没有客户：拜访记录和客户簿会填满这个列表。</translation>
    </message>
    <message>
        <source> (not in the book)</source>
        <translation>（不在客户簿中）</translation>
    </message>
    <message>
        <source>{total} {currency} ({count} visits)</source>
        <translation>{total} {currency}（{count} 次拜访）</translation>
    </message>
    <message>
        <source>(no currency)</source>
        <translation>（未注明币种）</translation>
    </message>
    <message>
        <source> · done</source>
        <translation> · 已完成</translation>
    </message>
    <message>
        <source>Records name {name}, but your client book does not have it yet.</source>
        <translation>有记录提到 {name}，但客户簿里还没有它。</translation>
    </message>
    <message>
        <source>Not added: {reason}</source>
        <translation>未添加：{reason}</translation>
    </message>
    <message>
        <source>{name} is in your client book now.</source>
        <translation>{name} 已加入客户簿。</translation>
    </message>
    <message>
        <source>Export the client</source>
        <translation>导出客户</translation>
    </message>
    <message>
        <source>cannot export to {name}: name the file .md or .csv</source>
        <translation>无法导出到 {name}：文件名请以 .md 或 .csv 结尾</translation>
    </message>
    <message>
        <source>Not exported: {reason}</source>
        <translation>未导出：{reason}</translation>
    </message>
    <message>
        <source>Exported {name} to {path}</source>
        <translation>已将 {name} 导出到 {path}</translation>
    </message>
    <message>
        <source>⚠ {when} overdue · {kind} · {title}</source>
        <translation>⚠ {when} 已逾期 · {kind} · {title}</translation>
    </message>
</context>
<context>
    <name>ConfirmationCard</name>
    <message>
        <source>saydo — edit record</source>
        <translation>saydo — 编辑记录</translation>
    </message>
    <message>
        <source>saydo — confirm</source>
        <translation>saydo — 确认</translation>
    </message>
    <message>
        <source>The language model is still reading the names (fields marked …). You can edit meanwhile; Enter files once it answers.</source>
        <translation>语言模型仍在识别名称（标有 … 的字段）。您可以先编辑；按回车，模型完成后即保存。</translation>
    </message>
    <message>
        <source>Corrected from your client book: {names}</source>
        <translation>已按客户名录更正：{names}</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>New in your client book:</source>
        <translation>客户名录中没有的新名字：</translation>
    </message>
    <message>
        <source>Attach files…</source>
        <translation>添加附件…</translation>
    </message>
    <message>
        <source>Attachments (drop photos or files here)</source>
        <translation>附件（把照片或文件拖到这里）</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Confirm  ⏎</source>
        <translation>确认  ⏎</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Discard  Esc</source>
        <translation>放弃  Esc</translation>
    </message>
    <message>
        <source>Intent</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Heard</source>
        <translation>听到的内容</translation>
    </message>
    <message>
        <source>Not filed: {reason}</source>
        <translation>未保存：{reason}</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <source>{count} file(s) will be attached once the record is stored.</source>
        <translation>记录保存后将附上 {count} 个文件。</translation>
    </message>
    <message>
        <source>Not attached: {reason}</source>
        <translation>未附上：{reason}</translation>
    </message>
    <message>
        <source>Attached already: {names}</source>
        <translation>已经附上过：{names}</translation>
    </message>
    <message>
        <source>Cannot read the attachments: {reason}</source>
        <translation>无法读取附件：{reason}</translation>
    </message>
    <message>
        <source>Unticked: filed with the record, but not added to your client book</source>
        <translation>不勾选：随记录保存，但不加入客户名录</translation>
    </message>
    <message>
        <source>Names kept as heard.</source>
        <translation>已保留听到的原名。</translation>
    </message>
    <message>
        <source>Could not discard: {reason}</source>
        <translation>无法放弃：{reason}</translation>
    </message>
</context>
<context>
    <name>Date</name>
    <message>
        <source>follow-up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>visited</source>
        <translation>拜访</translation>
    </message>
    <message>
        <source>due</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>remind</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>starts</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>spent</source>
        <translation>消费</translation>
    </message>
</context>
<context>
    <name>DateTimeEditor</name>
    <message>
        <source>set</source>
        <translation>设定</translation>
    </message>
    <message>
        <source>at</source>
        <translation>时间</translation>
    </message>
</context>
<context>
    <name>Field</name>
    <message>
        <source>Client</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Visited on</source>
        <translation>拜访日期</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Next steps</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Follow up on</source>
        <translation>跟进日期</translation>
    </message>
    <message>
        <source>Deal value</source>
        <translation>商机金额</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Remind at</source>
        <translation>提醒时间</translation>
    </message>
    <message>
        <source>Starts at</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Duration min</source>
        <translation>时长（分钟）</translation>
    </message>
    <message>
        <source>Attendees</source>
        <translation>参会人</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>商家</translation>
    </message>
    <message>
        <source>Spent on</source>
        <translation>消费日期</translation>
    </message>
</context>
<context>
    <name>Hotkey</name>
    <message>
        <source>a key is missing between the + signs</source>
        <translation>两个 + 号之间缺少按键</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; is not a key saydo knows</source>
        <translation>saydo 不认识按键“{key}”</translation>
    </message>
    <message>
        <source>the hotkey is empty; press the keys, e.g. Ctrl+Alt+Space, Ctrl+Shift+R or F9</source>
        <translation>快捷键为空；请按下按键，例如 Ctrl+Alt+Space、Ctrl+Shift+R 或 F9</translation>
    </message>
    <message>
        <source>&apos;{hotkey}&apos; is not a hotkey: {reason}; e.g. Ctrl+Alt+Space, Ctrl+Shift+R or F9</source>
        <translation>“{hotkey}”不是有效的快捷键：{reason}；例如 Ctrl+Alt+Space、Ctrl+Shift+R 或 F9</translation>
    </message>
    <message>
        <source>&apos;{hotkey}&apos; is not a hotkey: it names a key twice</source>
        <translation>“{hotkey}”不是有效的快捷键：同一个键出现了两次</translation>
    </message>
    <message>
        <source>&apos;{hotkey}&apos; is not a hotkey: it has no key besides the modifiers; use one, e.g. Ctrl+Alt+Space, Ctrl+Shift+R or F9</source>
        <translation>“{hotkey}”不是有效的快捷键：除了修饰键没有别的键；请加一个，例如 Ctrl+Alt+Space、Ctrl+Shift+R 或 F9</translation>
    </message>
    <message>
        <source>&apos;{hotkey}&apos; is not a hotkey: it has {count} keys besides the modifiers; use one, e.g. Ctrl+Alt+Space, Ctrl+Shift+R or F9</source>
        <translation>“{hotkey}”不是有效的快捷键：除了修饰键还有 {count} 个键；只能有一个，例如 Ctrl+Alt+Space、Ctrl+Shift+R 或 F9</translation>
    </message>
    <message>
        <source>&apos;{hotkey}&apos; would fire while you type; add Ctrl, Alt or Win, e.g. Ctrl+Alt+Space, Ctrl+Shift+R or F9</source>
        <translation>“{hotkey}”在打字时会被误触发；请加上 Ctrl、Alt 或 Win，例如 Ctrl+Alt+Space、Ctrl+Shift+R 或 F9</translation>
    </message>
    <message>
        <source>this is a Wayland session, where applications cannot read global keys</source>
        <translation>这是 Wayland 会话，应用程序无法读取全局按键</translation>
    </message>
    <message>
        <source>there is no X display (DISPLAY is not set)</source>
        <translation>没有 X 显示（未设置 DISPLAY）</translation>
    </message>
    <message>
        <source>pynput cannot reach the keyboard ({error})</source>
        <translation>pynput 无法访问键盘（{error}）</translation>
    </message>
    <message>
        <source>it is not a valid hotkey ({error}); change it in Settings</source>
        <translation>这不是有效的快捷键（{error}）；请在“设置”中修改</translation>
    </message>
    <message>
        <source>the keyboard listener could not start</source>
        <translation>键盘监听无法启动</translation>
    </message>
</context>
<context>
    <name>HotkeyEdit</name>
    <message>
        <source>Click and press the keys, e.g. Ctrl+Alt+Space</source>
        <translation>点击后按下按键，例如 Ctrl+Alt+Space</translation>
    </message>
    <message>
        <source>Click here and press the keys you want (e.g. Ctrl+Alt+Space, Ctrl+Shift+R, F9), or type them out. Win, Super, Meta and Cmd all mean the Windows / Command key.</source>
        <translation>点击这里并按下想用的按键（例如 Ctrl+Alt+Space、Ctrl+Shift+R、F9），也可以直接输入。Win、Super、Meta 和 Cmd 都指 Windows / Command 键。</translation>
    </message>
</context>
<context>
    <name>Intent</name>
    <message>
        <source>Visit note</source>
        <translation>拜访记录</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation>会议</translation>
    </message>
    <message>
        <source>Expense</source>
        <translation>报销</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>笔记</translation>
    </message>
</context>
<context>
    <name>ListEditor</name>
    <message>
        <source>Add an entry</source>
        <translation>添加一项</translation>
    </message>
    <message>
        <source>Remove the selected entry</source>
        <translation>删除选中的一项</translation>
    </message>
</context>
<context>
    <name>ModelWorker</name>
    <message>
        <source>Loading the speech model ({model})…</source>
        <translation>正在加载语音模型 ({model})…</translation>
    </message>
    <message>
        <source>Loading the language model ({model})…</source>
        <translation>正在加载语言模型 ({model})…</translation>
    </message>
    <message>
        <source>The models could not be loaded: {reason}</source>
        <translation>模型无法加载：{reason}</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Nothing was heard, so nothing was filed (the silent take is kept with the discarded records, in case it was not silent).</source>
        <translation>没有听到声音，所以什么也没有保存（这段录音放在已放弃的记录里，以防它其实有内容）。</translation>
    </message>
    <message>
        <source>Could not file it: {reason}. What you said: {text}</source>
        <translation>无法保存：{reason}。您说的是：{text}</translation>
    </message>
    <message>
        <source>The recording was kept but could not be finished: {reason}</source>
        <translation>录音已保留，但未能处理完：{reason}</translation>
    </message>
</context>
<context>
    <name>Notice</name>
    <message>
        <source>The text is {length} characters long; only the first {limit} were read</source>
        <translation>文本共 {length} 个字，只读取了前 {limit} 个字</translation>
    </message>
    <message>
        <source>Client not recognised</source>
        <translation>未识别出客户</translation>
    </message>
    <message>
        <source>Could not fill a {intent} (missing time or amount); filed as {fallback}</source>
        <translation>无法填写{intent}（缺少时间或金额），已存为{fallback}</translation>
    </message>
    <message>
        <source>&quot;{phrase}&quot; read as {chosen}; if you meant {other}, change the date</source>
        <translation>“{phrase}”理解为 {chosen}；如果指的是 {other}，请修改日期</translation>
    </message>
</context>
<context>
    <name>NumberEditor</name>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>{field}: a number is needed</source>
        <translation>{field}：需要填写数字</translation>
    </message>
    <message>
        <source>{field}: “{text}” is not a number</source>
        <translation>{field}：“{text}”不是数字</translation>
    </message>
</context>
<context>
    <name>Reason</name>
    <message>
        <source>created</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>understood</source>
        <translation>识别完成</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>已编辑</translation>
    </message>
    <message>
        <source>back to draft</source>
        <translation>退回草稿</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>discarded</source>
        <translation>已放弃</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>reopened</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>attached {names}</source>
        <translation>附上了 {names}</translation>
    </message>
    <message>
        <source>detached {names}</source>
        <translation>移除了附件 {names}</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>intent</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Cannot read the history: {reason}</source>
        <translation>无法读取历史：{reason}</translation>
    </message>
    <message>
        <source>Recording and history</source>
        <translation>录音和历史</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Waiting for the language model…</source>
        <translation>正在等待语言模型…</translation>
    </message>
    <message>
        <source>{field} is empty</source>
        <translation>{field}不能为空</translation>
    </message>
</context>
<context>
    <name>RecordingOverlay</name>
    <message>
        <source>saydo — recording</source>
        <translation>saydo — 录音中</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>正在录音</translation>
    </message>
    <message>
        <source>Cancel this take: nothing is filed (Esc, or `saydo cancel`)</source>
        <translation>取消这段录音：什么也不保存（Esc，或 `saydo cancel`）</translation>
    </message>
    <message>
        <source>Cancel this take: no card opens; it is kept as a draft (Esc, or `saydo cancel`)</source>
        <translation>取消这段录音：不打开卡片，录音保留为草稿（Esc，或 `saydo cancel`）</translation>
    </message>
</context>
<context>
    <name>RecordsWindow</name>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Intent</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Client / assignee</source>
        <translation>客户 / 负责人</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>cannot export to {name}: name the file {formats}</source>
        <translation>无法导出到 {name}：文件扩展名请用 {formats}</translation>
    </message>
    <message>
        <source>saydo — records</source>
        <translation>saydo — 记录</translation>
    </message>
    <message>
        <source>Search transcripts and fields…</source>
        <translation>搜索录音文字和字段…</translation>
    </message>
    <message>
        <source>All intents</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Open  ⏎</source>
        <translation>打开  ⏎</translation>
    </message>
    <message>
        <source>Re-run draft</source>
        <translation>重新处理草稿</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Done / reopen</source>
        <translation>完成 / 重新打开</translation>
    </message>
    <message>
        <source>Mark the selected reminder, task or follow-up done (or open again)</source>
        <translation>把选中的提醒、任务或跟进标为完成（或重新打开）</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Cannot read the records: {reason}</source>
        <translation>无法读取记录：{reason}</translation>
    </message>
    <message>
        <source> · done</source>
        <translation> · 已完成</translation>
    </message>
    <message>
        <source>unparsed</source>
        <translation>未识别</translation>
    </message>
    <message>
        <source>{count} record</source>
        <translation>{count} 条记录</translation>
    </message>
    <message>
        <source>{count} records</source>
        <translation>{count} 条记录</translation>
    </message>
    <message>
        <source>No records match the search and filters.</source>
        <translation>没有符合搜索和筛选条件的记录。</translation>
    </message>
    <message>
        <source>No records yet: press the hotkey and say what to file.</source>
        <translation>还没有记录：按下快捷键，说出要记的内容。</translation>
    </message>
    <message>
        <source>Models: {status}</source>
        <translation>模型：{status}</translation>
    </message>
    <message>
        <source>Not changed: {reason}</source>
        <translation>未更改：{reason}</translation>
    </message>
    <message>
        <source>Only drafts are re-run; open a filed record to edit it.</source>
        <translation>只有草稿可以重新处理；已保存的记录请打开后编辑。</translation>
    </message>
    <message>
        <source>The models are still loading; try again in a moment.</source>
        <translation>模型仍在加载，请稍后再试。</translation>
    </message>
    <message>
        <source>Export records</source>
        <translation>导出记录</translation>
    </message>
    <message>
        <source>Not exported: {reason}</source>
        <translation>未导出：{reason}</translation>
    </message>
    <message>
        <source>Exported {count} record to {path}</source>
        <translation>已导出 {count} 条记录到 {path}</translation>
    </message>
    <message>
        <source>Exported {count} records to {path}</source>
        <translation>已导出 {count} 条记录到 {path}</translation>
    </message>
</context>
<context>
    <name>ReminderPopup</name>
    <message>
        <source>Clients:</source>
        <translation>客户：</translation>
    </message>
    <message>
        <source>Show everything about {name}</source>
        <translation>查看 {name} 的全部信息</translation>
    </message>
</context>
<context>
    <name>ReminderScheduler</name>
    <message>
        <source>Missed, still open ({count})</source>
        <translation>已错过，仍未完成（{count}）</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Task due</source>
        <translation>任务到期</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is no longer a task or reminder; &apos;{action}&apos; changed nothing</source>
        <translation>“{text}”已不是任务或提醒；“{action}”没有改动任何内容</translation>
    </message>
    <message>
        <source>Could not apply &apos;{action}&apos; to &apos;{text}&apos;: {reason}</source>
        <translation>无法对“{text}”执行“{action}”：{reason}</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Today, {day} ({count})</source>
        <translation>今天，{day}（{count}）</translation>
    </message>
</context>
<context>
    <name>Reminders</name>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Snooze 10 min</source>
        <translation>10 分钟后提醒</translation>
    </message>
    <message>
        <source>Snooze 1 h</source>
        <translation>1 小时后提醒</translation>
    </message>
    <message>
        <source>Tomorrow 09:00</source>
        <translation>明天 09:00</translation>
    </message>
    <message>
        <source>⚠ The reminder&apos;s time, {at}, has already passed (it is now {now}): it will go off as soon as it is filed.</source>
        <translation>⚠ 提醒时间 {at} 已经过去（现在是 {now}）：保存后会立即提醒。</translation>
    </message>
    <message>
        <source>⚠ The task&apos;s due date, {at}, has already passed (it is now {now}): it will go off as soon as it is filed.</source>
        <translation>⚠ 任务截止时间 {at} 已经过去（现在是 {now}）：保存后会立即提醒。</translation>
    </message>
    <message>
        <source>⚠ The task&apos;s due date, {at}, has already passed (it is now {now}): it will be overdue from the start.</source>
        <translation>⚠ 任务截止日期 {at} 已经过去（现在是 {now}）：保存后即为逾期。</translation>
    </message>
    <message>
        <source>ui.digest_time &apos;{value}&apos; is not a time HH:MM such as 08:30; no daily digest</source>
        <translation>ui.digest_time “{value}”不是 HH:MM 格式的时间（例如 08:30）；不显示每日摘要</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>client</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>attendee</source>
        <translation>参会人</translation>
    </message>
    <message>
        <source>assignee</source>
        <translation>负责人</translation>
    </message>
</context>
<context>
    <name>SaydoApp</name>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Recordings from the last session filed as drafts: {count} (Records…)</source>
        <translation>上次运行留下的录音已存为草稿：{count} 条（记录…）</translation>
    </message>
    <message>
        <source>saydo {version} is available: {url}</source>
        <translation>saydo {version} 已发布：{url}</translation>
    </message>
    <message>
        <source>About saydo</source>
        <translation>关于 saydo</translation>
    </message>
    <message>
        <source>About saydo…</source>
        <translation>关于 saydo…</translation>
    </message>
    <message>
        <source>Could not re-run {record}: {reason}</source>
        <translation>无法重新处理 {record}：{reason}</translation>
    </message>
    <message>
        <source>Preparing the speech model ({model}){share}…</source>
        <translation>正在准备语音模型 ({model}){share}…</translation>
    </message>
    <message>
        <source>Preparing the language model ({model}){share}…</source>
        <translation>正在准备语言模型 ({model}){share}…</translation>
    </message>
    <message>
        <source>The microphone cannot be opened: {reason}</source>
        <translation>无法打开麦克风：{reason}</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>The hotkey {hotkey} is off: {reason}. Bind `saydo toggle` to a shortcut in your desktop&apos;s keyboard settings instead (see docs/desktop.md).</source>
        <translation>快捷键 {hotkey} 未启用：{reason}。请改在桌面的键盘设置中为 `saydo toggle` 绑定一个快捷键（见 docs/desktop.md）。</translation>
    </message>
    <message>
        <source>Cannot record: {reason}</source>
        <translation>无法录音：{reason}</translation>
    </message>
    <message>
        <source>{reason}. Free some disk space; what you said is still being transcribed.</source>
        <translation>{reason}。请清理一些磁盘空间；您说的话仍在转写。</translation>
    </message>
    <message>
        <source>Understanding…</source>
        <translation>正在理解…</translation>
    </message>
    <message>
        <source>Waiting for the models…</source>
        <translation>正在等待模型…</translation>
    </message>
    <message>
        <source>it was read as a question</source>
        <translation>它被当作一个问题</translation>
    </message>
    <message>
        <source>Cancelled: no card opened. What you said is kept as a draft (Records…).</source>
        <translation>已取消：没有打开卡片。你说的内容已保留为草稿（记录…）。</translation>
    </message>
    <message>
        <source>Could not file it automatically ({reason}); it is on the card to file by hand</source>
        <translation>无法自动保存（{reason}）；请在卡片上手动保存</translation>
    </message>
    <message>
        <source>Could not undo the filing: {reason}</source>
        <translation>无法撤销保存：{reason}</translation>
    </message>
    <message>
        <source>Could not change the login item: {reason}</source>
        <translation>无法更改开机启动项：{reason}</translation>
    </message>
    <message>
        <source>The new models are used from the next start of saydo.</source>
        <translation>新模型将在下次启动 saydo 时使用。</translation>
    </message>
    <message>
        <source>The new language is used from the next start of saydo.</source>
        <translation>新语言将在下次启动 saydo 时生效。</translation>
    </message>
    <message>
        <source>saydo — starting</source>
        <translation>saydo — 正在启动</translation>
    </message>
    <message>
        <source>Record / stop</source>
        <translation>录音 / 停止</translation>
    </message>
    <message>
        <source>Records…</source>
        <translation>记录…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Detect per phrase</source>
        <translation>每句自动识别</translation>
    </message>
    <message>
        <source>As the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Delete after filing</source>
        <translation>保存后删除</translation>
    </message>
    <message>
        <source>Never write to disk</source>
        <translation>从不写入磁盘</translation>
    </message>
    <message>
        <source>Hold to talk</source>
        <translation>按住说话</translation>
    </message>
    <message>
        <source>Press to start, press again to stop</source>
        <translation>按一下开始，再按一下停止</translation>
    </message>
    <message>
        <source>, recommended for this machine</source>
        <translation>，本机推荐</translation>
    </message>
    <message>
        <source>

Why: {reasons}</source>
        <translation>

原因：{reasons}</translation>
    </message>
    <message>
        <source>{model}  (not in the catalog)</source>
        <translation>{model}  （不在模型目录中）</translation>
    </message>
    <message>
        <source>saydo — settings</source>
        <translation>saydo — 设置</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>{device} (not connected)</source>
        <translation>{device}（未连接）</translation>
    </message>
    <message>
        <source>forever</source>
        <translation>永久</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>File records without showing the card</source>
        <translation>不显示确认卡片，直接保存记录</translation>
    </message>
    <message>
        <source>Start saydo when I log in</source>
        <translation>登录时启动 saydo</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>Speech language</source>
        <translation>识别语言</translation>
    </message>
    <message>
        <source>Speech model</source>
        <translation>语音模型</translation>
    </message>
    <message>
        <source>Language model</source>
        <translation>语言模型</translation>
    </message>
    <message>
        <source>Hotkey</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Hotkey mode</source>
        <translation>快捷键方式</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <source>delete after</source>
        <translation>删除期限</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>录音</translation>
    </message>
    <message>
        <source>Deliver to</source>
        <translation>投递到</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>未保存：{reason}</translation>
    </message>
</context>
<context>
    <name>SinkConfig</name>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>DSN</source>
        <translation>DSN</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>密钥</translation>
    </message>
</context>
<context>
    <name>SinksEditor</name>
    <message>
        <source>On</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Add sink</source>
        <translation>添加投递目标</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Show secrets</source>
        <translation>显示密钥</translation>
    </message>
    <message>
        <source>Show passwords, signing secrets and robot URLs as plain text</source>
        <translation>以明文显示密码、签名密钥和机器人 URL</translation>
    </message>
    <message>
        <source>sink {number} needs a name</source>
        <translation>第 {number} 个投递目标需要名称</translation>
    </message>
    <message>
        <source>two sinks are called &apos;{name}&apos;</source>
        <translation>有两个投递目标都叫“{name}”</translation>
    </message>
    <message>
        <source>sink &apos;{name}&apos; needs {field}</source>
        <translation>投递目标“{name}”需要填写{field}</translation>
    </message>
    <message>
        <source>sink &apos;{name}&apos; needs a folder</source>
        <translation>投递目标“{name}”需要一个文件夹</translation>
    </message>
    <message>
        <source>sink &apos;{name}&apos; needs a DSN</source>
        <translation>投递目标“{name}”需要一个 DSN</translation>
    </message>
    <message>
        <source>sink &apos;{name}&apos; needs a URL</source>
        <translation>投递目标“{name}”需要一个 URL</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>discarded</source>
        <translation>已放弃</translation>
    </message>
</context>
<context>
    <name>TextEditor</name>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
</context>
<context>
    <name>Toast</name>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Back to draft (Records…)</source>
        <translation>已撤销，回到草稿（记录…）</translation>
    </message>
</context>
<context>
    <name>Upkeep</name>
    <message>
        <source>A sink is set up wrongly: {reason}</source>
        <translation>有一个投递目标设置有误：{reason}</translation>
    </message>
    <message>
        <source>Deliveries that gave up: {count}; see `saydo outbox --failed`</source>
        <translation>已放弃的投递：{count} 条；请查看 `saydo outbox --failed`</translation>
    </message>
</context>
<context>
    <name>Weekday</name>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
</context>
</TS>
