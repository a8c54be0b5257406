<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AgreementForm</name>
    <message>
        <source>添加条款</source>
        <translation>Add term</translation>
    </message>
    <message>
        <source>第 {n} 项条款</source>
        <translation>Term {n}</translation>
    </message>
    <message>
        <source>清空一项条款的全部内容即删去该项；填写“签订日期”保存后，协议即不能再修改。</source>
        <translation>Clear every field of a term to remove it; once saved with a signing date, the agreement can no longer be changed.</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>保存调解协议</source>
        <translation>Save agreement</translation>
    </message>
    <message>
        <source>记录调解协议</source>
        <translation>Record a mediation agreement</translation>
    </message>
    <message>
        <source>修改调解协议（尚未签订）</source>
        <translation>Correct the mediation agreement (not yet signed)</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>府院联动工作台</source>
        <translation>Court–Government Liaison Desk</translation>
    </message>
</context>
<context>
    <name>AttachmentPanel</name>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>文件名</source>
        <translation>File name</translation>
    </message>
    <message>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>添加时间</source>
        <translation>Added at</translation>
    </message>
    <message>
        <source>添加人</source>
        <translation>Added by</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>尚无附件：点“添加…”选择文件，或把文件拖到这里。</source>
        <translation>No attachments yet: click “Add…” to choose files, or drop files here.</translation>
    </message>
    <message>
        <source>在本机</source>
        <translation>On this PC</translation>
    </message>
    <message>
        <source>在本机，待上传</source>
        <translation>On this PC, waiting to upload</translation>
    </message>
    <message>
        <source>在市级平台，打开时下载</source>
        <translation>On the city hub; downloaded when opened</translation>
    </message>
    <message>
        <source>{n} 字节</source>
        <translation>{n} B</translation>
    </message>
    <message>
        <source>添加…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <source>选择文件添加为附件；也可以把文件拖到这里</source>
        <translation>Choose files to attach; you can also drop files here</translation>
    </message>
    <message>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>添加附件</source>
        <translation>Add attachments</translation>
    </message>
    <message>
        <source>附件类别</source>
        <translation>Attachment kind</translation>
    </message>
    <message>
        <source>这些文件是：</source>
        <translation>These files are:</translation>
    </message>
    <message>
        <source>正在添加 {name}…</source>
        <translation>Adding {name}…</translation>
    </message>
    <message>
        <source>已添加 {name}</source>
        <translation>Added {name}</translation>
    </message>
    <message>
        <source>正在从市级平台下载 {name}…</source>
        <translation>Downloading {name} from the city hub…</translation>
    </message>
    <message>
        <source>本机没有能打开“{name}”的程序。文件在：{path}</source>
        <translation>No application on this PC can open “{name}”. The file is at: {path}</translation>
    </message>
    <message>
        <source>移除附件</source>
        <translation>Remove attachment</translation>
    </message>
    <message>
        <source>移除“{name}”的原因：</source>
        <translation>Reason for removing “{name}”:</translation>
    </message>
    <message>
        <source>已移除</source>
        <translation>Removed</translation>
    </message>
</context>
<context>
    <name>CaseDetailView</name>
    <message>
        <source>状态变更：</source>
        <translation>Change status:</translation>
    </message>
    <message>
        <source>修改…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>修改案件信息和当事人信息</source>
        <translation>Edit the case and its parties&apos; details</translation>
    </message>
    <message>
        <source>卷宗封面/目录</source>
        <translation>File cover/contents</translation>
    </message>
    <message>
        <source>当事人</source>
        <translation>Parties</translation>
    </message>
    <message>
        <source>调解笔录</source>
        <translation>Mediation transcript</translation>
    </message>
    <message>
        <source>&lt;b&gt;添加调解记录（笔录）&lt;/b&gt;</source>
        <translation>&lt;b&gt;Add a mediation session (transcript)&lt;/b&gt;</translation>
    </message>
    <message>
        <source>保存调解记录</source>
        <translation>Save session</translation>
    </message>
    <message>
        <source>调解记录</source>
        <translation>Sessions</translation>
    </message>
    <message>
        <source>调解协议书</source>
        <translation>Mediation agreement</translation>
    </message>
    <message>
        <source>调解协议</source>
        <translation>Agreement</translation>
    </message>
    <message>
        <source>&lt;b&gt;履行情况&lt;/b&gt;</source>
        <translation>&lt;b&gt;Performance&lt;/b&gt;</translation>
    </message>
    <message>
        <source>登记履行情况</source>
        <translation>Record performance</translation>
    </message>
    <message>
        <source>&lt;b&gt;司法确认&lt;/b&gt;</source>
        <translation>&lt;b&gt;Judicial confirmation&lt;/b&gt;</translation>
    </message>
    <message>
        <source>司法确认申请书</source>
        <translation>Application for judicial confirmation</translation>
    </message>
    <message>
        <source>最近一件司法确认的状态变更：</source>
        <translation>Change status of the latest confirmation:</translation>
    </message>
    <message>
        <source>可受理的法院：</source>
        <translation>Competent courts:</translation>
    </message>
    <message>
        <source>新建司法确认（拟申请）</source>
        <translation>New judicial confirmation (to apply)</translation>
    </message>
    <message>
        <source>履行与司法确认</source>
        <translation>Performance &amp;&amp; confirmation</translation>
    </message>
    <message>
        <source>委派调解的人民法院</source>
        <translation>court that delegated the mediation</translation>
    </message>
    <message>
        <source>委托调解的人民法院</source>
        <translation>court that entrusted the mediation</translation>
    </message>
    <message>
        <source>调解组织所在法院</source>
        <translation>court where the mediation body sits</translation>
    </message>
    <message>
        <source>调解组织所在地</source>
        <translation>where the mediation body sits</translation>
    </message>
    <message>
        <source>申请人{who}住所地</source>
        <translation>where applicant {who} lives</translation>
    </message>
    <message>
        <source>标的物所在地</source>
        <translation>where the subject matter lies</translation>
    </message>
    <message>
        <source>、</source>
        <translation>; </translation>
    </message>
    <message>
        <source>{court}（{reasons}）</source>
        <translation>{court} ({reasons})</translation>
    </message>
    <message>
        <source>主持调解：{body}</source>
        <translation>Presided over by: {body}</translation>
    </message>
    <message>
        <source>登记 {registered}&#x3000;受理 {accepted}&#x3000;调解期限 {term_end}&#x3000;主办调解员 {mediator}</source>
        <translation>Registered {registered}   Accepted {accepted}   Term ends {term_end}   Lead mediator {mediator}</translation>
    </message>
    <message>
        <source>涉及金额 {amount} 元</source>
        <translation>Amount involved: {amount} yuan</translation>
    </message>
    <message>
        <source>案情：{summary}</source>
        <translation>Summary: {summary}</translation>
    </message>
    <message>
        <source>状态变更理由：{reason}</source>
        <translation>Reason for the status change: {reason}</translation>
    </message>
    <message>
        <source>市级协调意见（{field}）：{note}</source>
        <translation>City coordinator&apos;s note ({field}): {note}</translation>
    </message>
    <message>
        <source>诉讼地位</source>
        <translation>Role in case</translation>
    </message>
    <message>
        <source>姓名/名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>方式</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>参加人员</source>
        <translation>Attendees</translation>
    </message>
    <message>
        <source>笔录</source>
        <translation>Transcript</translation>
    </message>
    <message>
        <source>尚无调解协议。</source>
        <translation>No mediation agreement yet.</translation>
    </message>
    <message>
        <source>（未编号）</source>
        <translation>(unnumbered)</translation>
    </message>
    <message>
        <source>记录调解协议…</source>
        <translation>New agreement…</translation>
    </message>
    <message>
        <source>修改未签订的协议…</source>
        <translation>Correct…</translation>
    </message>
    <message>
        <source>第 {n} 份协议（未签订）</source>
        <translation>No. {n}, unsigned</translation>
    </message>
    <message>
        <source>{case} 第 {n} 份协议</source>
        <translation>{case} agreement {n}</translation>
    </message>
    <message>
        <source>人民调解协议书 {agreement}</source>
        <translation>Mediation agreement {agreement}</translation>
    </message>
    <message>
        <source>调解协议书 {agreement}</source>
        <translation>Mediation agreement {agreement}</translation>
    </message>
    <message>
        <source>调解笔录 {case} {held_at}</source>
        <translation>Mediation transcript {case} {held_at}</translation>
    </message>
    <message>
        <source>司法确认申请书 {agreement} {status}</source>
        <translation>Confirmation application {agreement} {status}</translation>
    </message>
    <message>
        <source>卷宗封面及卷内目录 {case}</source>
        <translation>File cover and contents {case}</translation>
    </message>
    <message>
        <source>（已是最终状态）</source>
        <translation>(final status)</translation>
    </message>
    <message>
        <source>&lt;b&gt;调解协议 {number}&lt;/b&gt;（{form}，签订 {signed}，生效 {effective}，{copies} 份）&lt;br&gt;事实：{facts}</source>
        <translation>&lt;b&gt;Mediation agreement {number}&lt;/b&gt; ({form}, signed {signed}, effective {effective}, copies: {copies})&lt;br&gt;Facts: {facts}</translation>
    </message>
    <message>
        <source>，{amount} 元</source>
        <translation>, {amount} yuan</translation>
    </message>
    <message>
        <source>，于 {due} 前</source>
        <translation>, by {due}</translation>
    </message>
    <message>
        <source>条款</source>
        <translation>Term</translation>
    </message>
    <message>
        <source>应履行日期</source>
        <translation>Due on</translation>
    </message>
    <message>
        <source>实际履行日期</source>
        <translation>Performed on</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>协议 {n}</source>
        <translation>Agreement {n}</translation>
    </message>
    <message>
        <source>申请日期</source>
        <translation>Applied on</translation>
    </message>
    <message>
        <source>受理法院</source>
        <translation>Court</translation>
    </message>
    <message>
        <source>法院案号</source>
        <translation>Court case number</translation>
    </message>
    <message>
        <source>法院受理日期</source>
        <translation>Court accepted on</translation>
    </message>
    <message>
        <source>裁定日期</source>
        <translation>Ruling date</translation>
    </message>
</context>
<context>
    <name>CaseEditForm</name>
    <message>
        <source>保存修改（Ctrl+S）</source>
        <translation>Save changes (Ctrl+S)</translation>
    </message>
    <message>
        <source>修改案件 {number}</source>
        <translation>Edit case {number}</translation>
    </message>
    <message>
        <source>（未编号）</source>
        <translation>(unnumbered)</translation>
    </message>
    <message>
        <source>状态“{status}”；受理 {accepted}，调解期限 {term_end}。案号、状态和这些日期由系统和状态变更维护，此处不能修改。</source>
        <translation>Status “{status}”; accepted {accepted}, term ends {term_end}. The case number, status and these dates are kept by the system and by status changes and cannot be edited here.</translation>
    </message>
    <message>
        <source>当事人：{role} {name}</source>
        <translation>Party: {role} {name}</translation>
    </message>
    <message>
        <source>没有需要保存的修改。</source>
        <translation>There are no changes to save.</translation>
    </message>
</context>
<context>
    <name>CaseForms</name>
    <message>
        <source>取消（Esc）</source>
        <translation>Cancel (Esc)</translation>
    </message>
</context>
<context>
    <name>CaseListModel</name>
    <message>
        <source>（未编号）</source>
        <translation>(unnumbered)</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>按案号或案情筛选</source>
        <translation>Filter by case number or summary</translation>
    </message>
    <message>
        <source>登记案件（Ctrl+N）</source>
        <translation>Register case (Ctrl+N)</translation>
    </message>
    <message>
        <source>导入台账…</source>
        <translation>Import ledger…</translation>
    </message>
    <message>
        <source>从 Excel 台账（.xlsx）导入案件：全部成功或全部不写入</source>
        <translation>Import cases from an Excel ledger (.xlsx): all of it or nothing</translation>
    </message>
    <message>
        <source>状态：</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>从左侧选择案件查看详情，或按 Ctrl+N 登记新案件。</source>
        <translation>Choose a case on the left to see its details, or press Ctrl+N to register a new one.</translation>
    </message>
    <message>
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>共 {n} 件</source>
        <translation>{n} in all</translation>
    </message>
    <message>
        <source>选择要导入的台账</source>
        <translation>Choose the ledger to import</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <source>正在导入台账 {name}…</source>
        <translation>Importing ledger {name}…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>导入台账</source>
        <translation>Import ledger</translation>
    </message>
    <message>
        <source>正在导入台账：已读取 {done} 行，共 {total} 行</source>
        <translation>Importing ledger: rows read {done} of {total}</translation>
    </message>
    <message>
        <source>正在导入台账：已读取 {done} 行</source>
        <translation>Importing ledger: rows read so far: {done}</translation>
    </message>
    <message>
        <source>已从工作表“{sheet}”导入调解案件 {cases} 件、当事人 {parties} 名。</source>
        <translation>Imported from sheet “{sheet}”: mediation cases {cases}, parties {parties}.</translation>
    </message>
    <message>
        <source>……另有 {n} 处错误未列出。</source>
        <translation>…errors not listed: {n} more.</translation>
    </message>
    <message>
        <source>归档</source>
        <translation>Archive</translation>
    </message>
    <message>
        <source>归档号：</source>
        <translation>Archive number:</translation>
    </message>
    <message>
        <source>归档说明</source>
        <translation>Archiving note</translation>
    </message>
</context>
<context>
    <name>ChartView</name>
    <message>
        <source>复制图表</source>
        <translation>Copy chart</translation>
    </message>
    <message>
        <source>另存为 PNG…</source>
        <translation>Save as PNG…</translation>
    </message>
    <message>
        <source>已复制图表，可粘贴到文档中。</source>
        <translation>Chart copied; paste it into a document.</translation>
    </message>
    <message>
        <source>另存图表</source>
        <translation>Save chart</translation>
    </message>
    <message>
        <source>PNG 图片 (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <source>已保存到 {path}</source>
        <translation>Saved to {path}</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>调解成功</source>
        <translation>Settled</translation>
    </message>
    <message>
        <source>本月未录入辖区人口及收案数据</source>
        <translation>No area population or filings entered for this month</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>已逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>即将到期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>未到期</source>
        <translation>Not yet due</translation>
    </message>
    <message>
        <source>&lt;b&gt;{period} 本月&lt;/b&gt;：登记 {registered} 件，受理 {accepted} 件，调解成功 {succeeded} 件，成功率 {rate}；司法建议逾期未复 {overdue} 件；涉诉信访在办 {petitions} 件，本月化解 {resolved} 件</source>
        <translation>&lt;b&gt;{period} this month&lt;/b&gt;: {registered} registered, {accepted} accepted, {succeeded} settled, success rate {rate}; judicial suggestions overdue for reply: {overdue}; petitions open: {petitions}, resolved this month: {resolved}</translation>
    </message>
    <message>
        <source>今天到期</source>
        <translation>Due today</translation>
    </message>
    <message numerus="yes">
        <source>逾期 %n 天</source>
        <translation>
            <numerusform>%n day overdue</numerusform>
            <numerusform>%n days overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>还剩 %n 天</source>
        <translation>
            <numerusform>%n day left</numerusform>
            <numerusform>%n days left</numerusform>
        </translation>
    </message>
    <message>
        <source>到期提醒（30 天内到期及已逾期）</source>
        <translation>Deadlines (due within 30 days, and overdue)</translation>
    </message>
    <message>
        <source>今日调解</source>
        <translation>Today&apos;s sessions</translation>
    </message>
    <message>
        <source>近 12 个月受理及调解成功</source>
        <translation>Accepted and settled, last 12 months</translation>
    </message>
    <message>
        <source>本月万人起诉率（按辖区）</source>
        <translation>Lawsuits per 10,000 people this month (by area)</translation>
    </message>
    <message>
        <source>，显示最紧急的 {n} 项</source>
        <translation>, showing the {n} most urgent</translation>
    </message>
    <message>
        <source>到期提醒（30 天内到期及已逾期）：已逾期 {overdue} 项，即将到期 {due_soon} 项，共 {total} 项</source>
        <translation>Deadlines (due within 30 days, and overdue): {overdue} overdue, {due_soon} due soon, {total} in all</translation>
    </message>
    <message>
        <source>今日调解 {n} 场</source>
        <translation>Today&apos;s sessions: {n}</translation>
    </message>
    <message>
        <source>（显示前 {n} 场）</source>
        <translation> (showing the first {n})</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>到期日</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>剩余</source>
        <translation>Left</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>案号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>方式</source>
        <translation>Mode</translation>
    </message>
</context>
<context>
    <name>DocumentButton</name>
    <message>
        <source>尚无可生成此文书的记录</source>
        <translation>No record to make this document from yet</translation>
    </message>
</context>
<context>
    <name>Domain</name>
    <message>
        <source>SHA-256 校验值</source>
        <translation>SHA-256 checksum</translation>
    </message>
    <message>
        <source>一审民事收案</source>
        <translation>First-instance civil filings</translation>
    </message>
    <message>
        <source>一审行政收案</source>
        <translation>First-instance administrative filings</translation>
    </message>
    <message>
        <source>一庭两所</source>
        <translation>One tribunal, two offices</translation>
    </message>
    <message>
        <source>一般</source>
        <translation>Moderate</translation>
    </message>
    <message>
        <source>上级交办</source>
        <translation>Assigned by a superior</translation>
    </message>
    <message>
        <source>上级单位</source>
        <translation>Parent office</translation>
    </message>
    <message>
        <source>下达</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>下达日期</source>
        <translation>Issued on</translation>
    </message>
    <message>
        <source>不予受理</source>
        <translation>Not accepted</translation>
    </message>
    <message>
        <source>不采纳</source>
        <translation>Not adopted</translation>
    </message>
    <message>
        <source>专职调解员</source>
        <translation>Full-time mediator</translation>
    </message>
    <message>
        <source>专项工作组</source>
        <translation>Working group</translation>
    </message>
    <message>
        <source>东乡族</source>
        <translation>Dongxiang</translation>
    </message>
    <message>
        <source>个案</source>
        <translation>Individual case</translation>
    </message>
    <message>
        <source>中</source>
        <translation>Medium</translation>
    </message>
    <message>
        <source>中型</source>
        <translation>Medium-sized</translation>
    </message>
    <message>
        <source>临时案号</source>
        <translation>Provisional case number</translation>
    </message>
    <message>
        <source>主办调解员</source>
        <translation>Lead mediator</translation>
    </message>
    <message>
        <source>主持调解组织</source>
        <translation>Presiding mediation body</translation>
    </message>
    <message>
        <source>主送单位</source>
        <translation>Addressee</translation>
    </message>
    <message>
        <source>义务人</source>
        <translation>Obligor</translation>
    </message>
    <message>
        <source>乌孜别克族</source>
        <translation>Uzbek</translation>
    </message>
    <message>
        <source>乡镇(街道)人民调解委员会</source>
        <translation>Township/subdistrict people&apos;s mediation committee</translation>
    </message>
    <message>
        <source>书记员</source>
        <translation>Court clerk</translation>
    </message>
    <message>
        <source>书面</source>
        <translation>Written</translation>
    </message>
    <message>
        <source>书面答复</source>
        <translation>Written reply</translation>
    </message>
    <message>
        <source>争议事项</source>
        <translation>Matters in dispute</translation>
    </message>
    <message>
        <source>交通运输、仓储和邮政业</source>
        <translation>Transport, storage and postal services</translation>
    </message>
    <message>
        <source>京族</source>
        <translation>Gin</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>人民法庭</source>
        <translation>People&apos;s tribunal</translation>
    </message>
    <message>
        <source>人民调解</source>
        <translation>People&apos;s mediation</translation>
    </message>
    <message>
        <source>仡佬族</source>
        <translation>Gelao</translation>
    </message>
    <message>
        <source>代理人</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>代理人电话</source>
        <translation>Agent&apos;s phone</translation>
    </message>
    <message>
        <source>仫佬族</source>
        <translation>Mulao</translation>
    </message>
    <message>
        <source>任务</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>任务内容</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>任务完成时限</source>
        <translation>Task deadline</translation>
    </message>
    <message>
        <source>任务来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>任务进展</source>
        <translation>Task report</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>Firm</translation>
    </message>
    <message>
        <source>企业名称</source>
        <translation>Firm name</translation>
    </message>
    <message>
        <source>低</source>
        <translation>Low</translation>
    </message>
    <message>
        <source>住宿和餐饮业</source>
        <translation>Accommodation and catering</translation>
    </message>
    <message>
        <source>住所</source>
        <translation>Domicile</translation>
    </message>
    <message>
        <source>体检项目</source>
        <translation>Check items</translation>
    </message>
    <message>
        <source>佤族</source>
        <translation>Va</translation>
    </message>
    <message>
        <source>侗族</source>
        <translation>Dong</translation>
    </message>
    <message>
        <source>依法终结</source>
        <translation>Concluded according to law</translation>
    </message>
    <message>
        <source>俄罗斯族</source>
        <translation>Russian</translation>
    </message>
    <message>
        <source>保安族</source>
        <translation>Bonan</translation>
    </message>
    <message>
        <source>信息传输、软件和信息技术服务业</source>
        <translation>Information transmission, software and IT services</translation>
    </message>
    <message>
        <source>信息管理员策略</source>
        <translation>IT policy</translation>
    </message>
    <message>
        <source>信访事项</source>
        <translation>Matter petitioned</translation>
    </message>
    <message>
        <source>信访人</source>
        <translation>Petitioner</translation>
    </message>
    <message>
        <source>信访办理记录</source>
        <translation>Petition step</translation>
    </message>
    <message>
        <source>信访方式</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>傈僳族</source>
        <translation>Lisu</translation>
    </message>
    <message>
        <source>傣族</source>
        <translation>Dai</translation>
    </message>
    <message>
        <source>公司治理</source>
        <translation>Corporate governance</translation>
    </message>
    <message>
        <source>公安移交</source>
        <translation>Referred by the police</translation>
    </message>
    <message>
        <source>关联案号</source>
        <translation>Linked case numbers</translation>
    </message>
    <message>
        <source>关联调解案件</source>
        <translation>Linked mediation case</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>其他纠纷</source>
        <translation>Other dispute</translation>
    </message>
    <message>
        <source>兼职调解员</source>
        <translation>Part-time mediator</translation>
    </message>
    <message>
        <source>农、林、牧、渔业</source>
        <translation>Agriculture, forestry, animal husbandry and fishery</translation>
    </message>
    <message>
        <source>决定日期</source>
        <translation>Decision date</translation>
    </message>
    <message>
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>制造业</source>
        <translation>Manufacturing</translation>
    </message>
    <message>
        <source>办理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>办理事项</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>办理日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>办理状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>办理结果报告</source>
        <translation>Outcome report</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Concluded</translation>
    </message>
    <message>
        <source>办结日期</source>
        <translation>Closed on</translation>
    </message>
    <message>
        <source>劳动争议纠纷</source>
        <translation>Labour</translation>
    </message>
    <message>
        <source>劳动用工</source>
        <translation>Employment</translation>
    </message>
    <message>
        <source>化解/终结日期</source>
        <translation>Resolved/closed on</translation>
    </message>
    <message>
        <source>化解中</source>
        <translation>Being resolved</translation>
    </message>
    <message>
        <source>化解状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>区划代码</source>
        <translation>Area code</translation>
    </message>
    <message>
        <source>区划名称</source>
        <translation>Area name</translation>
    </message>
    <message>
        <source>医疗纠纷</source>
        <translation>Medical</translation>
    </message>
    <message>
        <source>协办调解员</source>
        <translation>Assisting mediators</translation>
    </message>
    <message>
        <source>协议份数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>协议形式</source>
        <translation>Agreement form</translation>
    </message>
    <message>
        <source>协议条款</source>
        <translation>Agreement term</translation>
    </message>
    <message>
        <source>协议编号</source>
        <translation>Agreement number</translation>
    </message>
    <message>
        <source>协议编号代字</source>
        <translation>Agreement number prefix</translation>
    </message>
    <message>
        <source>协调会议</source>
        <translation>Coordination meeting</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>单位代码</source>
        <translation>Office code</translation>
    </message>
    <message>
        <source>单位名称</source>
        <translation>Office name</translation>
    </message>
    <message>
        <source>单位类型</source>
        <translation>Office kind</translation>
    </message>
    <message>
        <source>印章名称</source>
        <translation>Name on the seal</translation>
    </message>
    <message>
        <source>即时履行</source>
        <translation>Performed on the spot</translation>
    </message>
    <message>
        <source>参与</source>
        <translation>Participant</translation>
    </message>
    <message>
        <source>参与单位</source>
        <translation>Participating office</translation>
    </message>
    <message>
        <source>参加人员</source>
        <translation>Attendees</translation>
    </message>
    <message>
        <source>参加单位</source>
        <translation>Participating offices</translation>
    </message>
    <message>
        <source>反馈函</source>
        <translation>Reply letter</translation>
    </message>
    <message>
        <source>发出单位</source>
        <translation>Issuing office</translation>
    </message>
    <message>
        <source>发现</source>
        <translation>Found</translation>
    </message>
    <message>
        <source>发现情况</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>发现的问题</source>
        <translation>Problems found</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>受理日期</source>
        <translation>Accepted on</translation>
    </message>
    <message>
        <source>受理案件数</source>
        <translation>Cases accepted</translation>
    </message>
    <message>
        <source>受理法院</source>
        <translation>Court</translation>
    </message>
    <message>
        <source>口头</source>
        <translation>Oral</translation>
    </message>
    <message>
        <source>台湾居民来往大陆通行证</source>
        <translation>Mainland travel permit for Taiwan residents</translation>
    </message>
    <message>
        <source>司法助理员</source>
        <translation>Judicial assistant</translation>
    </message>
    <message>
        <source>司法局</source>
        <translation>Justice bureau</translation>
    </message>
    <message>
        <source>司法建议</source>
        <translation>Judicial suggestion</translation>
    </message>
    <message>
        <source>司法建议答复</source>
        <translation>Reply to judicial suggestion</translation>
    </message>
    <message>
        <source>司法所</source>
        <translation>Judicial office</translation>
    </message>
    <message>
        <source>司法所长</source>
        <translation>Head of judicial office</translation>
    </message>
    <message>
        <source>司法救助</source>
        <translation>Judicial aid</translation>
    </message>
    <message>
        <source>司法确认</source>
        <translation>Judicial confirmation</translation>
    </message>
    <message>
        <source>司法确认申请期限届满</source>
        <translation>Deadline to apply for judicial confirmation</translation>
    </message>
    <message>
        <source>各方责任</source>
        <translation>Responsibilities</translation>
    </message>
    <message>
        <source>合同管理</source>
        <translation>Contract management</translation>
    </message>
    <message>
        <source>合同纠纷</source>
        <translation>Contract</translation>
    </message>
    <message>
        <source>合规经营</source>
        <translation>Compliance</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>哈尼族</source>
        <translation>Hani</translation>
    </message>
    <message>
        <source>哈萨克族</source>
        <translation>Kazakh</translation>
    </message>
    <message>
        <source>回族</source>
        <translation>Hui</translation>
    </message>
    <message>
        <source>回访</source>
        <translation>Follow-up visit</translation>
    </message>
    <message>
        <source>回访记录</source>
        <translation>Follow-up record</translation>
    </message>
    <message>
        <source>土地承包经营纠纷</source>
        <translation>Rural land contracting</translation>
    </message>
    <message>
        <source>土家族</source>
        <translation>Tujia</translation>
    </message>
    <message>
        <source>土族</source>
        <translation>Tu</translation>
    </message>
    <message>
        <source>在岗</source>
        <translation>In post</translation>
    </message>
    <message>
        <source>在用</source>
        <translation>In use</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>基层法院</source>
        <translation>Basic-level court</translation>
    </message>
    <message>
        <source>基诺族</source>
        <translation>Jino</translation>
    </message>
    <message>
        <source>塔吉克族</source>
        <translation>Tajik</translation>
    </message>
    <message>
        <source>塔塔尔族</source>
        <translation>Tatar</translation>
    </message>
    <message>
        <source>壮族</source>
        <translation>Zhuang</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>外国人永久居留身份证</source>
        <translation>Foreign permanent resident ID card</translation>
    </message>
    <message>
        <source>大型</source>
        <translation>Large</translation>
    </message>
    <message>
        <source>女</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>姓名/名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>委托调解(诉中)</source>
        <translation>Entrusted mediation (during litigation)</translation>
    </message>
    <message>
        <source>委派调解(诉前)</source>
        <translation>Delegated mediation (pre-filing)</translation>
    </message>
    <message>
        <source>婚姻家庭纠纷</source>
        <translation>Marriage and family</translation>
    </message>
    <message>
        <source>完成时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>实际履行日期</source>
        <translation>Performed on</translation>
    </message>
    <message>
        <source>小型</source>
        <translation>Small</translation>
    </message>
    <message>
        <source>居民服务、修理和其他服务业</source>
        <translation>Resident, repair and other services</translation>
    </message>
    <message>
        <source>居民身份证</source>
        <translation>Resident identity card</translation>
    </message>
    <message>
        <source>履行中</source>
        <translation>Being performed</translation>
    </message>
    <message>
        <source>履行内容</source>
        <translation>Obligation</translation>
    </message>
    <message>
        <source>履行完毕</source>
        <translation>Fully performed</translation>
    </message>
    <message>
        <source>履行情况</source>
        <translation>Performance</translation>
    </message>
    <message>
        <source>履行方式</source>
        <translation>Manner of performance</translation>
    </message>
    <message>
        <source>履行期限</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>履行状态</source>
        <translation>Performance status</translation>
    </message>
    <message>
        <source>履行金额</source>
        <translation>Amount performed</translation>
    </message>
    <message>
        <source>山林土地纠纷</source>
        <translation>Forest and land</translation>
    </message>
    <message>
        <source>工商联</source>
        <translation>Federation of industry and commerce</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>Concluded</translation>
    </message>
    <message>
        <source>已化解</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>已受理</source>
        <translation>Accepted by court</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>已提示</source>
        <translation>Notified</translation>
    </message>
    <message>
        <source>已整改</source>
        <translation>Rectified</translation>
    </message>
    <message>
        <source>已申请</source>
        <translation>Applied</translation>
    </message>
    <message>
        <source>已答复</source>
        <translation>Replied</translation>
    </message>
    <message>
        <source>已签字</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>已退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>布依族</source>
        <translation>Bouyei</translation>
    </message>
    <message>
        <source>布朗族</source>
        <translation>Blang</translation>
    </message>
    <message>
        <source>年度清单</source>
        <translation>Annual list</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>应履行日期</source>
        <translation>Due on</translation>
    </message>
    <message>
        <source>延期天数</source>
        <translation>Days extended</translation>
    </message>
    <message>
        <source>延期理由</source>
        <translation>Reason for extension</translation>
    </message>
    <message>
        <source>延期记录</source>
        <translation>Extension</translation>
    </message>
    <message>
        <source>建筑业</source>
        <translation>Construction</translation>
    </message>
    <message>
        <source>建议内容</source>
        <translation>Suggestion</translation>
    </message>
    <message>
        <source>建议类型</source>
        <translation>Suggestion kind</translation>
    </message>
    <message>
        <source>归档</source>
        <translation>Archived</translation>
    </message>
    <message>
        <source>归档号</source>
        <translation>Archive number</translation>
    </message>
    <message>
        <source>归档说明</source>
        <translation>Archiving note</translation>
    </message>
    <message>
        <source>当事人</source>
        <translation>Parties</translation>
    </message>
    <message>
        <source>当事人申请</source>
        <translation>Application by a party</translation>
    </message>
    <message>
        <source>当事人申请事项</source>
        <translation>Claims</translation>
    </message>
    <message>
        <source>当事人类型</source>
        <translation>Party kind</translation>
    </message>
    <message>
        <source>录音</source>
        <translation>Audio recording</translation>
    </message>
    <message>
        <source>彝族</source>
        <translation>Yi</translation>
    </message>
    <message>
        <source>征地拆迁纠纷</source>
        <translation>Land requisition and demolition</translation>
    </message>
    <message>
        <source>微型</source>
        <translation>Micro</translation>
    </message>
    <message>
        <source>德昂族</source>
        <translation>De&apos;ang</translation>
    </message>
    <message>
        <source>怒族</source>
        <translation>Nu</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>情况说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>户籍人口</source>
        <translation>Registered population</translation>
    </message>
    <message>
        <source>房地产业</source>
        <translation>Real estate</translation>
    </message>
    <message>
        <source>房屋宅基地纠纷</source>
        <translation>Housing and homestead</translation>
    </message>
    <message>
        <source>所在区划</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>所属任务</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>所属信访件</source>
        <translation>Petition</translation>
    </message>
    <message>
        <source>所属协议</source>
        <translation>Agreement</translation>
    </message>
    <message>
        <source>所属单位</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>所属案件</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>所属记录</source>
        <translation>Owning record</translation>
    </message>
    <message>
        <source>所属记录类型</source>
        <translation>Owning record type</translation>
    </message>
    <message>
        <source>所属走访</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>批发和零售业</source>
        <translation>Wholesale and retail trade</translation>
    </message>
    <message>
        <source>承办单位</source>
        <translation>Handling office</translation>
    </message>
    <message>
        <source>抄送单位</source>
        <translation>Copied to</translation>
    </message>
    <message>
        <source>护照</source>
        <translation>Passport</translation>
    </message>
    <message>
        <source>报告日期</source>
        <translation>Report date</translation>
    </message>
    <message>
        <source>报告编号</source>
        <translation>Report number</translation>
    </message>
    <message>
        <source>拉祜族</source>
        <translation>Lahu</translation>
    </message>
    <message>
        <source>拟申请</source>
        <translation>To apply</translation>
    </message>
    <message>
        <source>损害赔偿纠纷</source>
        <translation>Damages</translation>
    </message>
    <message>
        <source>授权委托书</source>
        <translation>Power of attorney</translation>
    </message>
    <message>
        <source>接收单位</source>
        <translation>Receiving office</translation>
    </message>
    <message>
        <source>接谈</source>
        <translation>Interview</translation>
    </message>
    <message>
        <source>推进中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>提示</source>
        <translation>Advisory</translation>
    </message>
    <message>
        <source>撒拉族</source>
        <translation>Salar</translation>
    </message>
    <message>
        <source>撤回</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>收到日期</source>
        <translation>Received on</translation>
    </message>
    <message>
        <source>政府部门指定</source>
        <translation>Assigned by a government department</translation>
    </message>
    <message>
        <source>整改中</source>
        <translation>Being rectified</translation>
    </message>
    <message>
        <source>整改完成日期</source>
        <translation>Rectified on</translation>
    </message>
    <message>
        <source>整改建议</source>
        <translation>Rectification advice</translation>
    </message>
    <message>
        <source>整改措施</source>
        <translation>Measures taken</translation>
    </message>
    <message>
        <source>整改期限</source>
        <translation>Rectify by</translation>
    </message>
    <message>
        <source>整改状态</source>
        <translation>Rectification status</translation>
    </message>
    <message>
        <source>文件名</source>
        <translation>File name</translation>
    </message>
    <message>
        <source>文件大小（字节）</source>
        <translation>File size (bytes)</translation>
    </message>
    <message>
        <source>文件类型</source>
        <translation>File type</translation>
    </message>
    <message>
        <source>文化、体育和娱乐业</source>
        <translation>Culture, sports and entertainment</translation>
    </message>
    <message>
        <source>文号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>普米族</source>
        <translation>Pumi</translation>
    </message>
    <message>
        <source>景颇族</source>
        <translation>Jingpo</translation>
    </message>
    <message>
        <source>朝鲜族</source>
        <translation>Korean</translation>
    </message>
    <message>
        <source>未履行</source>
        <translation>Not performed</translation>
    </message>
    <message>
        <source>本单位已完成</source>
        <translation>Our part done</translation>
    </message>
    <message>
        <source>本机单位</source>
        <translation>this PC&apos;s office</translation>
    </message>
    <message>
        <source>本机设置</source>
        <translation>set on this PC</translation>
    </message>
    <message>
        <source>权利义务告知书</source>
        <translation>Notice of rights and obligations</translation>
    </message>
    <message>
        <source>权利人</source>
        <translation>Obligee</translation>
    </message>
    <message>
        <source>村(居)人民调解委员会</source>
        <translation>Village/residents&apos; people&apos;s mediation committee</translation>
    </message>
    <message>
        <source>村(居)委会</source>
        <translation>Village/residents&apos; committee</translation>
    </message>
    <message>
        <source>来信</source>
        <translation>Letter</translation>
    </message>
    <message>
        <source>来源会议</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <source>来源案件</source>
        <translation>Source case</translation>
    </message>
    <message>
        <source>来源说明</source>
        <translation>Source detail</translation>
    </message>
    <message>
        <source>来访</source>
        <translation>Visit in person</translation>
    </message>
    <message>
        <source>柯尔克孜族</source>
        <translation>Kyrgyz</translation>
    </message>
    <message>
        <source>标的物所在地</source>
        <translation>Location of the subject matter</translation>
    </message>
    <message>
        <source>校验不符原因</source>
        <translation>Reason for check mismatch</translation>
    </message>
    <message>
        <source>案件名称</source>
        <translation>Case name</translation>
    </message>
    <message>
        <source>案件来源</source>
        <translation>Case source</translation>
    </message>
    <message>
        <source>案件状态</source>
        <translation>Case status</translation>
    </message>
    <message>
        <source>案号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>案号代字</source>
        <translation>Case number prefix</translation>
    </message>
    <message>
        <source>案情摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>毛南族</source>
        <translation>Maonan</translation>
    </message>
    <message>
        <source>民族</source>
        <translation>Ethnicity</translation>
    </message>
    <message>
        <source>民间借贷纠纷</source>
        <translation>Private lending</translation>
    </message>
    <message>
        <source>水族</source>
        <translation>Shui</translation>
    </message>
    <message>
        <source>汉族</source>
        <translation>Han</translation>
    </message>
    <message>
        <source>法人</source>
        <translation>Legal person</translation>
    </message>
    <message>
        <source>法官</source>
        <translation>Judge</translation>
    </message>
    <message>
        <source>法官助理</source>
        <translation>Judge&apos;s assistant</translation>
    </message>
    <message>
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <source>法庭+司法所</source>
        <translation>Tribunal + judicial office</translation>
    </message>
    <message>
        <source>法庭+社区/村居</source>
        <translation>Tribunal + community/village</translation>
    </message>
    <message>
        <source>法庭+调解组织</source>
        <translation>Tribunal + mediation organisation</translation>
    </message>
    <message>
        <source>法治体检</source>
        <translation>Legal health check</translation>
    </message>
    <message>
        <source>法院作出确认决定</source>
        <translation>Court&apos;s confirmation decision</translation>
    </message>
    <message>
        <source>法院受理司法确认申请</source>
        <translation>Court acceptance of confirmation application</translation>
    </message>
    <message>
        <source>法院受理日期</source>
        <translation>Court accepted on</translation>
    </message>
    <message>
        <source>法院委托</source>
        <translation>Entrusted by the court</translation>
    </message>
    <message>
        <source>法院委派</source>
        <translation>Delegated by the court</translation>
    </message>
    <message>
        <source>法院案号</source>
        <translation>Court case number</translation>
    </message>
    <message>
        <source>派出所</source>
        <translation>Police station</translation>
    </message>
    <message>
        <source>消费纠纷</source>
        <translation>Consumer</translation>
    </message>
    <message>
        <source>涉及人数</source>
        <translation>People involved</translation>
    </message>
    <message>
        <source>涉及金额</source>
        <translation>Amount involved</translation>
    </message>
    <message>
        <source>涉诉信访</source>
        <translation>Petitions</translation>
    </message>
    <message>
        <source>涉诉分析</source>
        <translation>Litigation analysis</translation>
    </message>
    <message>
        <source>添加人</source>
        <translation>Added by</translation>
    </message>
    <message>
        <source>添加时间</source>
        <translation>Added at</translation>
    </message>
    <message>
        <source>港澳居民来往内地通行证</source>
        <translation>Mainland travel permit for Hong Kong and Macao residents</translation>
    </message>
    <message>
        <source>满族</source>
        <translation>Manchu</translation>
    </message>
    <message>
        <source>照片</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>物业纠纷</source>
        <translation>Property management</translation>
    </message>
    <message>
        <source>牵头</source>
        <translation>Lead</translation>
    </message>
    <message>
        <source>牵头单位</source>
        <translation>Lead office</translation>
    </message>
    <message>
        <source>特邀调解</source>
        <translation>Invited mediation</translation>
    </message>
    <message>
        <source>特邀调解员</source>
        <translation>Invited mediator</translation>
    </message>
    <message>
        <source>特邀调解组织</source>
        <translation>Invited mediation organisation</translation>
    </message>
    <message>
        <source>状态变更理由</source>
        <translation>Reason for the status change</translation>
    </message>
    <message>
        <source>独龙族</source>
        <translation>Derung</translation>
    </message>
    <message>
        <source>环境污染纠纷</source>
        <translation>Environmental pollution</translation>
    </message>
    <message>
        <source>现场</source>
        <translation>In person</translation>
    </message>
    <message>
        <source>珞巴族</source>
        <translation>Lhoba</translation>
    </message>
    <message>
        <source>瑶族</source>
        <translation>Yao</translation>
    </message>
    <message>
        <source>生产经营纠纷</source>
        <translation>Production and business</translation>
    </message>
    <message>
        <source>生效日期</source>
        <translation>Effective date</translation>
    </message>
    <message>
        <source>申请书</source>
        <translation>Application</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>申请日期</source>
        <translation>Applied on</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Telephone</translation>
    </message>
    <message>
        <source>男</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>畲族</source>
        <translation>She</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>登记日期</source>
        <translation>Registered on</translation>
    </message>
    <message>
        <source>登记时填写</source>
        <translation>given at enrollment</translation>
    </message>
    <message>
        <source>登记流动人口</source>
        <translation>Registered migrant population</translation>
    </message>
    <message>
        <source>白族</source>
        <translation>Bai</translation>
    </message>
    <message>
        <source>知识产权</source>
        <translation>Intellectual property</translation>
    </message>
    <message>
        <source>确认有效</source>
        <translation>Confirmed valid</translation>
    </message>
    <message>
        <source>确认期限延长</source>
        <translation>Confirmation period extended</translation>
    </message>
    <message>
        <source>确认状态</source>
        <translation>Confirmation status</translation>
    </message>
    <message>
        <source>确认结果</source>
        <translation>Confirmation result</translation>
    </message>
    <message>
        <source>科学研究和技术服务业</source>
        <translation>Scientific research and technical services</translation>
    </message>
    <message>
        <source>租赁和商务服务业</source>
        <translation>Leasing and business services</translation>
    </message>
    <message>
        <source>移交</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>移交单位</source>
        <translation>Handing-over office</translation>
    </message>
    <message>
        <source>移交时间</source>
        <translation>Handed over at</translation>
    </message>
    <message>
        <source>移交材料</source>
        <translation>Materials handed over</translation>
    </message>
    <message>
        <source>移交记录</source>
        <translation>Handoff</translation>
    </message>
    <message>
        <source>立案日期</source>
        <translation>Opened on</translation>
    </message>
    <message>
        <source>笔录内容</source>
        <translation>Transcript</translation>
    </message>
    <message>
        <source>第三人</source>
        <translation>Third party</translation>
    </message>
    <message>
        <source>答复截止日</source>
        <translation>Reply due</translation>
    </message>
    <message>
        <source>答复日期</source>
        <translation>Replied on</translation>
    </message>
    <message>
        <source>答复期限（天）</source>
        <translation>Reply period (days)</translation>
    </message>
    <message>
        <source>签发</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>签发日期</source>
        <translation>Issued on</translation>
    </message>
    <message>
        <source>签署的协议书扫描件</source>
        <translation>Scan of the signed agreement</translation>
    </message>
    <message>
        <source>签订日期</source>
        <translation>Signed on</translation>
    </message>
    <message>
        <source>纠纷主要事实</source>
        <translation>Main facts of the dispute</translation>
    </message>
    <message>
        <source>纠纷发生地区划</source>
        <translation>Area where the dispute arose</translation>
    </message>
    <message>
        <source>纠纷简要情况</source>
        <translation>Brief account of the dispute</translation>
    </message>
    <message>
        <source>纠纷类型</source>
        <translation>Dispute type</translation>
    </message>
    <message>
        <source>纳西族</source>
        <translation>Naxi</translation>
    </message>
    <message>
        <source>线上</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>组织调解</source>
        <translation>Mediation</translation>
    </message>
    <message>
        <source>终结/移交文书号</source>
        <translation>Closing/transfer document number</translation>
    </message>
    <message>
        <source>终结移交</source>
        <translation>Concluded and transferred</translation>
    </message>
    <message>
        <source>经办人</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <source>结案</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>结案方式</source>
        <translation>Manner of conclusion</translation>
    </message>
    <message>
        <source>结案日期</source>
        <translation>Concluded on</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>统计期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>维吾尔族</source>
        <translation>Uyghur</translation>
    </message>
    <message>
        <source>综合治理类</source>
        <translation>Comprehensive governance</translation>
    </message>
    <message>
        <source>综治中心</source>
        <translation>Comprehensive governance centre</translation>
    </message>
    <message>
        <source>网上信访</source>
        <translation>Online petition</translation>
    </message>
    <message>
        <source>网格排查</source>
        <translation>Found by grid inspection</translation>
    </message>
    <message>
        <source>羌族</source>
        <translation>Qiang</translation>
    </message>
    <message>
        <source>群体性纠纷</source>
        <translation>Group dispute</translation>
    </message>
    <message>
        <source>职务</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>联动案件</source>
        <translation>Joint case</translation>
    </message>
    <message>
        <source>联动模式</source>
        <translation>Joint mode</translation>
    </message>
    <message>
        <source>联合化解</source>
        <translation>Joint resolution</translation>
    </message>
    <message>
        <source>联合调解</source>
        <translation>Joint mediation</translation>
    </message>
    <message>
        <source>联席会议</source>
        <translation>Joint meeting</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>自然人</source>
        <translation>Natural person</translation>
    </message>
    <message>
        <source>苗族</source>
        <translation>Miao</translation>
    </message>
    <message>
        <source>蒙古族</source>
        <translation>Mongol</translation>
    </message>
    <message>
        <source>藏族</source>
        <translation>Tibetan</translation>
    </message>
    <message>
        <source>融资担保</source>
        <translation>Financing and guarantees</translation>
    </message>
    <message>
        <source>行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <source>行业性专业性人民调解委员会</source>
        <translation>Trade/professional people&apos;s mediation committee</translation>
    </message>
    <message>
        <source>行政区划代码</source>
        <translation>Administrative area code</translation>
    </message>
    <message>
        <source>被申请人</source>
        <translation>Respondent</translation>
    </message>
    <message>
        <source>裁定日期</source>
        <translation>Ruling date</translation>
    </message>
    <message>
        <source>裕固族</source>
        <translation>Yugur</translation>
    </message>
    <message>
        <source>规模</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>视频</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>记录人</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <source>证件类型</source>
        <translation>ID type</translation>
    </message>
    <message>
        <source>证据</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <source>诉讼地位</source>
        <translation>Role in case</translation>
    </message>
    <message>
        <source>调委会</source>
        <translation>Mediation committee</translation>
    </message>
    <message>
        <source>调委会主动</source>
        <translation>Initiated by the mediation committee</translation>
    </message>
    <message>
        <source>调查核实</source>
        <translation>Investigation</translation>
    </message>
    <message>
        <source>调解不成</source>
        <translation>Mediation failed</translation>
    </message>
    <message>
        <source>调解中</source>
        <translation>In mediation</translation>
    </message>
    <message>
        <source>调解协议</source>
        <translation>Mediation agreement</translation>
    </message>
    <message>
        <source>调解协议履行</source>
        <translation>Performance of agreement</translation>
    </message>
    <message>
        <source>调解员</source>
        <translation>Mediator</translation>
    </message>
    <message>
        <source>调解地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>调解方式</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>调解时间</source>
        <translation>Held at</translation>
    </message>
    <message>
        <source>调解期限</source>
        <translation>Mediation term</translation>
    </message>
    <message>
        <source>调解期限届满</source>
        <translation>Mediation term ends</translation>
    </message>
    <message>
        <source>调解案件</source>
        <translation>Mediation case</translation>
    </message>
    <message>
        <source>调解类别</source>
        <translation>Mediation category</translation>
    </message>
    <message>
        <source>调解组织</source>
        <translation>Mediation body</translation>
    </message>
    <message>
        <source>调解结果</source>
        <translation>Mediation result</translation>
    </message>
    <message>
        <source>调解记录</source>
        <translation>Mediation session</translation>
    </message>
    <message>
        <source>赫哲族</source>
        <translation>Hezhen</translation>
    </message>
    <message>
        <source>走访</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>走访/法治体检</source>
        <translation>Visit / legal health check</translation>
    </message>
    <message>
        <source>走访日期</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <source>走访类型</source>
        <translation>Visit kind</translation>
    </message>
    <message>
        <source>起草</source>
        <translation>Drafting</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID card number</translation>
    </message>
    <message>
        <source>身份证明</source>
        <translation>Proof of identity</translation>
    </message>
    <message>
        <source>较大</source>
        <translation>Significant</translation>
    </message>
    <message>
        <source>辖区数据</source>
        <translation>Area figures</translation>
    </message>
    <message>
        <source>达成协议</source>
        <translation>Agreement reached</translation>
    </message>
    <message>
        <source>达斡尔族</source>
        <translation>Daur</translation>
    </message>
    <message>
        <source>进入调解案件数</source>
        <translation>Cases mediated</translation>
    </message>
    <message>
        <source>进展情况</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>进度节点</source>
        <translation>Milestones</translation>
    </message>
    <message>
        <source>送达</source>
        <translation>Served</translation>
    </message>
    <message>
        <source>送达日期</source>
        <translation>Served on</translation>
    </message>
    <message>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>道路交通事故纠纷</source>
        <translation>Road traffic accident</translation>
    </message>
    <message>
        <source>邻里纠纷</source>
        <translation>Neighbourhood</translation>
    </message>
    <message>
        <source>部分履行</source>
        <translation>Partly performed</translation>
    </message>
    <message>
        <source>部分采纳</source>
        <translation>Partly adopted</translation>
    </message>
    <message>
        <source>鄂伦春族</source>
        <translation>Oroqen</translation>
    </message>
    <message>
        <source>鄂温克族</source>
        <translation>Evenki</translation>
    </message>
    <message>
        <source>配合单位</source>
        <translation>Co-operating offices</translation>
    </message>
    <message>
        <source>采纳</source>
        <translation>Adopted</translation>
    </message>
    <message>
        <source>采纳情况</source>
        <translation>Adoption</translation>
    </message>
    <message>
        <source>释法说理</source>
        <translation>Explaining the law</translation>
    </message>
    <message>
        <source>重大且紧急</source>
        <translation>Major and urgent</translation>
    </message>
    <message>
        <source>金融业</source>
        <translation>Finance</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>锡伯族</source>
        <translation>Xibe</translation>
    </message>
    <message>
        <source>门巴族</source>
        <translation>Monba</translation>
    </message>
    <message>
        <source>阿昌族</source>
        <translation>Achang</translation>
    </message>
    <message>
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>附件类别</source>
        <translation>Attachment kind</translation>
    </message>
    <message>
        <source>需协调</source>
        <translation>Needs coordination</translation>
    </message>
    <message>
        <source>非法人组织</source>
        <translation>Unincorporated organisation</translation>
    </message>
    <message>
        <source>风险描述</source>
        <translation>Risk description</translation>
    </message>
    <message>
        <source>风险点</source>
        <translation>Risk</translation>
    </message>
    <message>
        <source>风险点整改</source>
        <translation>Risk rectification</translation>
    </message>
    <message>
        <source>风险等级</source>
        <translation>Risk level</translation>
    </message>
    <message>
        <source>风险类别</source>
        <translation>Risk category</translation>
    </message>
    <message>
        <source>驳回</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>驻庭人民调解委员会</source>
        <translation>People&apos;s mediation committee stationed at a court</translation>
    </message>
    <message>
        <source>高</source>
        <translation>High</translation>
    </message>
    <message>
        <source>高山族</source>
        <translation>Gaoshan</translation>
    </message>
    <message>
        <source>黎族</source>
        <translation>Li</translation>
    </message>
    <message>
        <source>默认</source>
        <translation>default</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>走访次数</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>未整改风险</source>
        <translation>Open risks</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>办理记录</source>
        <translation>Steps</translation>
    </message>
</context>
<context>
    <name>FieldForm</name>
    <message>
        <source>元，如 1200.50</source>
        <translation>yuan, e.g. 1200.50</translation>
    </message>
    <message>
        <source>整数</source>
        <translation>whole number</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>日历</source>
        <translation>Calendar</translation>
    </message>
    <message>
        <source>从日历中选择日期</source>
        <translation>Pick the date from a calendar</translation>
    </message>
    <message>
        <source>请填写“{label}”。</source>
        <translation>Please fill in “{label}”.</translation>
    </message>
</context>
<context>
    <name>FirmForm</name>
    <message>
        <source>校验位不符（按标准应为 {expected}）。如确认代码无误，请在“校验不符原因”中说明原因后保存。</source>
        <translation>Check character does not match (the standard gives {expected}). If the code is right, give the reason under “Reason for check mismatch” and save.</translation>
    </message>
    <message>
        <source>统一社会信用代码不正确。</source>
        <translation>The unified social credit code is not valid.</translation>
    </message>
</context>
<context>
    <name>FirmsPage</name>
    <message>
        <source>按企业名称或统一社会信用代码筛选</source>
        <translation>Filter by firm name or unified social credit code</translation>
    </message>
    <message>
        <source>新建企业（Ctrl+N）</source>
        <translation>New firm (Ctrl+N)</translation>
    </message>
    <message>
        <source>保存企业信息（Ctrl+S）</source>
        <translation>Save firm (Ctrl+S)</translation>
    </message>
    <message>
        <source>走访 / 法治体检</source>
        <translation>Visits / legal health checks</translation>
    </message>
    <message>
        <source>所选走访的文书：</source>
        <translation>Documents of the chosen visit:</translation>
    </message>
    <message>
        <source>法治体检报告</source>
        <translation>Legal health check report</translation>
    </message>
    <message>
        <source>保存走访记录</source>
        <translation>Save visit</translation>
    </message>
    <message>
        <source>所选走访的附件</source>
        <translation>Attachments of the chosen visit</translation>
    </message>
    <message>
        <source>风险点（按等级着色）</source>
        <translation>Risks (coloured by level)</translation>
    </message>
    <message>
        <source>所选风险点状态变更：</source>
        <translation>Change status of the chosen risk:</translation>
    </message>
    <message>
        <source>添加风险点</source>
        <translation>Add risk</translation>
    </message>
    <message>
        <source>共 {n} 家</source>
        <translation>{n} in all</translation>
    </message>
    <message>
        <source>&lt;h3&gt;新建企业&lt;/h3&gt;统一社会信用代码按 GB 32100-2015 校验；校验位不符的早期代码须写明原因。</source>
        <translation>&lt;h3&gt;New firm&lt;/h3&gt;The unified social credit code is checked against GB 32100-2015; an early code whose check character does not match needs a written reason.</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>参加人员</source>
        <translation>Attendees</translation>
    </message>
    <message>
        <source>报告编号</source>
        <translation>Report number</translation>
    </message>
    <message>
        <source>风险点</source>
        <translation>Risks</translation>
    </message>
    <message>
        <source>法治体检报告 {firm} {date}</source>
        <translation>Legal health check report {firm} {date}</translation>
    </message>
    <message>
        <source>{date} {kind} 的附件</source>
        <translation>Attachments of {kind} on {date}</translation>
    </message>
    <message>
        <source>{date} {kind} 的风险点（按等级着色）</source>
        <translation>Risks of {kind} on {date} (coloured by level)</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>风险描述</source>
        <translation>Risk description</translation>
    </message>
    <message>
        <source>整改期限</source>
        <translation>Rectify by</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>状态变更理由：{reason}</source>
        <translation>Reason for the status change: {reason}</translation>
    </message>
</context>
<context>
    <name>FirstRunWindow</name>
    <message>
        <source>府院联动工作台 — 首次使用</source>
        <translation>Court–Government Liaison Desk — first use</translation>
    </message>
    <message>
        <source>&lt;h2&gt;欢迎使用府院联动工作台&lt;/h2&gt;&lt;p&gt;本机尚未设置。请选择：&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Welcome to the Court–Government Liaison Desk&lt;/h2&gt;&lt;p&gt;This PC is not set up yet. Please choose:&lt;/p&gt;</translation>
    </message>
    <message>
        <source>一、设置本单位</source>
        <translation>1. Set up this office</translation>
    </message>
    <message>
        <source>如 440104001</source>
        <translation>e.g. 440104001</translation>
    </message>
    <message>
        <source>如 越秀区人民法庭</source>
        <translation>e.g. Yuexiu District People&apos;s Tribunal</translation>
    </message>
    <message>
        <source>案号代字，如 越秀人（可不填）</source>
        <translation>Case number prefix, e.g. 越秀人 (optional)</translation>
    </message>
    <message>
        <source>单位代码＊</source>
        <translation>Office code*</translation>
    </message>
    <message>
        <source>单位名称＊</source>
        <translation>Office name*</translation>
    </message>
    <message>
        <source>单位类型＊</source>
        <translation>Office kind*</translation>
    </message>
    <message>
        <source>案号代字</source>
        <translation>Case number prefix</translation>
    </message>
    <message>
        <source>保存并开始</source>
        <translation>Save and start</translation>
    </message>
    <message>
        <source>二、或登记到市级平台（信息管理员已给出登记码时）</source>
        <translation>2. Or enrol with the city hub (when the administrator has given you a code)</translation>
    </message>
    <message>
        <source>如 https://hub.example.gov.cn</source>
        <translation>e.g. https://hub.example.gov.cn</translation>
    </message>
    <message>
        <source>一次性登记码</source>
        <translation>One-time enrolment code</translation>
    </message>
    <message>
        <source>自建证书颁发机构的证书文件（可不填）</source>
        <translation>Certificate file of a private certificate authority (optional)</translation>
    </message>
    <message>
        <source>市级平台地址＊</source>
        <translation>City hub address*</translation>
    </message>
    <message>
        <source>登记码＊</source>
        <translation>Enrolment code*</translation>
    </message>
    <message>
        <source>证书文件</source>
        <translation>Certificate file</translation>
    </message>
    <message>
        <source>本机没有可用的系统密钥环。设置口令后，设备令牌加密保存在本机，每次启动时输入一次口令即可同步；不设口令则只保存在本次运行中。</source>
        <translation>This PC has no usable system keyring. With a passphrase the device token is kept encrypted on this PC, and entering it once per start is enough to sync; without one the token is kept for this run only.</translation>
    </message>
    <message>
        <source>口令</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>再次输入口令</source>
        <translation>Passphrase again</translation>
    </message>
    <message>
        <source>登记并开始</source>
        <translation>Enrol and start</translation>
    </message>
    <message>
        <source>三、先试用演示数据</source>
        <translation>3. Try it first with demo data</translation>
    </message>
    <message>
        <source>生成一个区的法庭、司法所和调委会两年来的模拟记录，便于熟悉软件。演示数据另存在单独的数据目录，不会混入本单位的正式数据，也不会同步到市级平台；已生成过的演示数据再次选择时直接打开。</source>
        <translation>Makes two years of simulated records of one district&apos;s tribunal, judicial offices and mediation committees, to get to know the software. Demo data is kept in a data folder of its own: it never mixes with your office&apos;s real records and is never synced to the city hub. Demo data made before opens as it is when chosen again.</translation>
    </message>
    <message>
        <source>调解案件数：</source>
        <translation>Mediation cases:</translation>
    </message>
    <message>
        <source>生成演示数据</source>
        <translation>Make demo data</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>&lt;h3&gt;二、本单位的人员、调解组织和辖区&lt;/h3&gt;&lt;p&gt;调解员和主持调解的调解组织（调委会、特邀调解组织或特邀调解员）在登记案件时选用；辖区人口用于计算万人起诉率。以后可在“设置 → 本单位”中修改。&lt;/p&gt;</source>
        <translation>&lt;h3&gt;2. The office&apos;s staff, mediation bodies and areas&lt;/h3&gt;&lt;p&gt;Mediators and the presiding body (a mediation committee, invited organisation or invited mediator) are chosen when a case is registered; the areas&apos; population gives the litigation rate per 10,000. You can change all of this later under Settings → This office.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>完成，开始使用</source>
        <translation>Done, start working</translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <source>已由信息管理员锁定</source>
        <translation>Locked by IT</translation>
    </message>
    <message>
        <source>选择证书文件</source>
        <translation>Choose a certificate file</translation>
    </message>
    <message>
        <source>证书 (*.pem *.crt *.cer);;所有文件 (*)</source>
        <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
</context>
<context>
    <name>ImageDialog</name>
    <message>
        <source>查看 — {title}</source>
        <translation>View — {title}</translation>
    </message>
    <message>
        <source>无法显示这张图片（{error}）。</source>
        <translation>Cannot show this picture ({error}).</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>JointPage</name>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>按案件名称或案情筛选</source>
        <translation>Filter by case name or summary</translation>
    </message>
    <message>
        <source>新建联动案件（Ctrl+N）</source>
        <translation>New joint case (Ctrl+N)</translation>
    </message>
    <message>
        <source>状态：</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>状态变更：</source>
        <translation>Change status:</translation>
    </message>
    <message>
        <source>保存（Ctrl+S）</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>需协调：两个单位同时修改了以下字段</source>
        <translation>Needs coordination: two offices changed these fields at the same time</translation>
    </message>
    <message>
        <source>采用市级平台的值</source>
        <translation>Take the hub&apos;s value</translation>
    </message>
    <message>
        <source>采用另一方的值</source>
        <translation>Take the other side&apos;s value</translation>
    </message>
    <message>
        <source>所选的值作为本单位的一次普通修改保存，同步后各单位一致。</source>
        <translation>The chosen value is saved as an ordinary edit by this office; after syncing every office agrees.</translation>
    </message>
    <message>
        <source>参与单位</source>
        <translation>Participating offices</translation>
    </message>
    <message>
        <source>添加参与单位</source>
        <translation>Add participating office</translation>
    </message>
    <message>
        <source>移交记录（按时间先后）</source>
        <translation>Handoffs (oldest first)</translation>
    </message>
    <message>
        <source>保存移交记录</source>
        <translation>Save handoff</translation>
    </message>
    <message>
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>共 {n} 件</source>
        <translation>{n} in all</translation>
    </message>
    <message>
        <source>&lt;h3&gt;新建联动案件&lt;/h3&gt;牵头单位自动列为参与单位。</source>
        <translation>&lt;h3&gt;New joint case&lt;/h3&gt;The lead office is listed as a participant automatically.</translation>
    </message>
    <message>
        <source>{mode}，牵头单位 {lead}，立案 {opened}</source>
        <translation>{mode}, lead office {lead}, opened {opened}</translation>
    </message>
    <message>
        <source>状态变更理由：{reason}</source>
        <translation>Reason for the status change: {reason}</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>移交单位</source>
        <translation>Handing-over office</translation>
    </message>
    <message>
        <source>接收单位</source>
        <translation>Receiving office</translation>
    </message>
    <message>
        <source>移交材料</source>
        <translation>Materials handed over</translation>
    </message>
    <message>
        <source>经办人</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>市级平台的值</source>
        <translation>Hub&apos;s value</translation>
    </message>
    <message>
        <source>修改人</source>
        <translation>Changed by</translation>
    </message>
    <message>
        <source>另一方的值</source>
        <translation>Other side&apos;s value</translation>
    </message>
    <message>
        <source>{field}：{note}</source>
        <translation>{field}: {note}</translation>
    </message>
    <message>
        <source>市级协调意见：</source>
        <translation>Notes from the city coordinator:</translation>
    </message>
</context>
<context>
    <name>Launcher</name>
    <message>
        <source>正在打开数据…</source>
        <translation>Opening data…</translation>
    </message>
    <message>
        <source>无法打开数据</source>
        <translation>Cannot open data</translation>
    </message>
    <message>
        <source>数据库已损坏</source>
        <translation>Database damaged</translation>
    </message>
    <message>
        <source>本机的数据库文件已损坏，无法打开。</source>
        <translation>The database file on this PC is damaged and cannot be opened.</translation>
    </message>
    <message>
        <source>最近一份完好的备份是 {when} 的 {name}。用它恢复后，这份备份之后所做的修改将会丢失；损坏的文件会另存一份，供信息管理员查看。是否现在恢复？</source>
        <translation>The newest sound backup is {name}, taken {when}. Restoring it loses the changes made since; the damaged file is kept aside for IT staff to examine. Restore it now?</translation>
    </message>
    <message>
        <source>用这份备份恢复</source>
        <translation>Restore this backup</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>正在从备份恢复…</source>
        <translation>Restoring from the backup…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>工作台</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>调解案件</source>
        <translation>Mediation cases</translation>
    </message>
    <message>
        <source>联动案件</source>
        <translation>Joint cases</translation>
    </message>
    <message>
        <source>企业走访</source>
        <translation>Firm visits</translation>
    </message>
    <message>
        <source>司法建议</source>
        <translation>Judicial suggestions</translation>
    </message>
    <message>
        <source>涉诉信访</source>
        <translation>Petitions</translation>
    </message>
    <message>
        <source>任务清单</source>
        <translation>Task list</translation>
    </message>
    <message>
        <source>统计报表</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>府院联动工作台 — {office} — 演示数据</source>
        <translation>Court–Government Liaison Desk — {office} — Demo data</translation>
    </message>
    <message>
        <source>府院联动工作台 — {office}</source>
        <translation>Court–Government Liaison Desk — {office}</translation>
    </message>
    <message>
        <source>重新启动后生效</source>
        <translation>Takes effect on next start</translation>
    </message>
    <message>
        <source>界面语言已保存，重新启动后生效。</source>
        <translation>Language saved; it takes effect when the app next starts.</translation>
    </message>
    <message>
        <source>演示数据：记录均为虚构，不会同步</source>
        <translation>Demo data: made up, never synced</translation>
    </message>
    <message>
        <source>演示数据</source>
        <translation>Demo data</translation>
    </message>
    <message>
        <source>回到正式工作</source>
        <translation>Back to real work</translation>
    </message>
    <message>
        <source>正式工作请以 --data-dir 指定正式数据目录启动</source>
        <translation>For real work, start with --data-dir naming the real data folder</translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <source>更正为：</source>
        <translation>Correct to:</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请写明理由。</source>
        <translation>Please give the reason.</translation>
    </message>
</context>
<context>
    <name>Moves</name>
    <message>
        <source>将{record}从“{current}”变为“{target}”。</source>
        <translation>The {record} will change from “{current}” to “{target}”.</translation>
    </message>
    <message>
        <source>这是最终状态，此后不能再变更。</source>
        <translation>This is a final status: it cannot change afterwards.</translation>
    </message>
    <message>
        <source>此后只能变为：{statuses}。</source>
        <translation>Afterwards it can only become: {statuses}.</translation>
    </message>
    <message>
        <source>如属误操作，可用“更正”写明理由改回。</source>
        <translation>If this is a mistake, use “Correct” with a reason to undo it.</translation>
    </message>
    <message>
        <source>确认变更为“{target}”</source>
        <translation>Confirm the change to “{target}”</translation>
    </message>
    <message>
        <source>{target}理由：</source>
        <translation>Reason for {target}:</translation>
    </message>
    <message>
        <source>确定{target}</source>
        <translation>Confirm {target}</translation>
    </message>
    <message>
        <source>“{current}”是误操作时，可更正为原来的状态或当时应有的状态。更正和理由记入审计记录，并同步给市级平台。</source>
        <translation>If “{current}” was set by mistake, it can be corrected to the status before it or to the one it should have become. The correction and its reason go into the audit trail and are synced to the city hub.</translation>
    </message>
    <message>
        <source>更正{record}状态</source>
        <translation>Correct the status of the {record}</translation>
    </message>
    <message>
        <source>更正理由：</source>
        <translation>Reason for the correction:</translation>
    </message>
    <message>
        <source>确定更正</source>
        <translation>Correct</translation>
    </message>
    <message>
        <source>{record}一直是“{current}”状态，没有可更正的状态变更。</source>
        <translation>The {record} has been “{current}” since it was created: there is no status change to correct.</translation>
    </message>
    <message>
        <source>更正…</source>
        <translation>Correct…</translation>
    </message>
    <message>
        <source>上一次状态变更是误操作时，改回原状态或应有的状态（须写明理由）</source>
        <translation>When the last status change was a mistake, return to the previous status or the right one (a reason is required)</translation>
    </message>
</context>
<context>
    <name>OfficePage</name>
    <message>
        <source>人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>调解组织</source>
        <translation>Mediation bodies</translation>
    </message>
    <message>
        <source>辖区（行政区划至镇街）：人口按年，一审收案数按月</source>
        <translation>Areas (down to township/subdistrict): population per year, first-instance filings per month</translation>
    </message>
    <message>
        <source>可逐项登记，也可从 Excel 表导入（先下载模板）。</source>
        <translation>Enter figures one by one, or import them from an Excel sheet (download the template first).</translation>
    </message>
    <message>
        <source>下载模板</source>
        <translation>Download template</translation>
    </message>
    <message>
        <source>导入…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>区划代码</source>
        <translation>Area code</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>年份</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>户籍人口</source>
        <translation>Registered residents</translation>
    </message>
    <message>
        <source>登记流动人口</source>
        <translation>Registered floating population</translation>
    </message>
    <message>
        <source>最近收案</source>
        <translation>Latest filings</translation>
    </message>
    <message>
        <source>区划代码，镇街 9 位</source>
        <translation>Area code, 9 digits for a township</translation>
    </message>
    <message>
        <source>名称，如 溪口镇</source>
        <translation>Name, e.g. Xikou Town</translation>
    </message>
    <message>
        <source>登记人口</source>
        <translation>Record population</translation>
    </message>
    <message>
        <source>登记收案数</source>
        <translation>Record filings</translation>
    </message>
    <message>
        <source>上述区划在</source>
        <translation>Area above, in</translation>
    </message>
    <message>
        <source>月的一审民事收案数</source>
        <translation>first-instance civil filings</translation>
    </message>
    <message>
        <source>&lt;h3&gt;{name}&lt;/h3&gt;{kind}，单位代码 {code}。此处登记的人员和调解组织可在案件中选用，并随同步送到本单位的其他电脑。</source>
        <translation>&lt;h3&gt;{name}&lt;/h3&gt;{kind}, office code {code}. Staff and bodies entered here can be chosen in cases, and sync to the office&apos;s other PCs.</translation>
    </message>
    <message>
        <source>导入辖区数据</source>
        <translation>Import area figures</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>已导入 {areas} 个区划：人口 {years} 行，收案 {months} 行。</source>
        <translation>Imported: areas {areas}, population rows {years}, filing rows {months}.</translation>
    </message>
    <message>
        <source>共 {n} 处错误，未写入任何记录。</source>
        <translation>Errors in all: {n}; nothing was written.</translation>
    </message>
    <message>
        <source>（另有 {n} 处未列出）</source>
        <translation> ({n} more not listed)</translation>
    </message>
    <message>
        <source>保存辖区数据模板</source>
        <translation>Save area figures template</translation>
    </message>
    <message>
        <source>辖区数据模板.xlsx</source>
        <translation>area-figures-template.xlsx</translation>
    </message>
    <message>
        <source>模板已保存到 {path}。</source>
        <translation>Template saved to {path}.</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
</context>
<context>
    <name>PartyEditForm</name>
    <message>
        <source>现为 {masked}，不改请留空</source>
        <translation>Now {masked}; leave empty to keep it</translation>
    </message>
    <message>
        <source>现为 {year} 年（由身份证号得出），不改请留空</source>
        <translation>Born {year} (from the ID number); leave empty to keep it</translation>
    </message>
</context>
<context>
    <name>PartyForm</name>
    <message>
        <source>身份证号不正确：{reason}</source>
        <translation>ID card number is not valid: {reason}</translation>
    </message>
</context>
<context>
    <name>PetitionForm</name>
    <message>
        <source>状态变更：</source>
        <translation>Change status:</translation>
    </message>
    <message>
        <source>保存（Ctrl+S）</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>办理记录</source>
        <translation>Steps</translation>
    </message>
    <message>
        <source>追加办理记录</source>
        <translation>Add step</translation>
    </message>
    <message>
        <source>办理记录只能追加；登记状态的信访件随之转为化解中</source>
        <translation>Steps can only be added; a registered petition becomes Being resolved with its first step</translation>
    </message>
    <message>
        <source>&lt;h3&gt;登记涉诉信访&lt;/h3&gt;收到日期默认今天；关联案号与本机调解案件相同的，自动关联。</source>
        <translation>&lt;h3&gt;Register a petition&lt;/h3&gt;The date received defaults to today; a linked case number that matches a mediation case on this PC links that case.</translation>
    </message>
    <message>
        <source>状态变更理由：{reason}</source>
        <translation>Reason for the status change: {reason}</translation>
    </message>
    <message>
        <source>（已办结）</source>
        <translation>(closed)</translation>
    </message>
</context>
<context>
    <name>PetitionsPage</name>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>按信访人、事项或案号筛选</source>
        <translation>Filter by petitioner, matter or case number</translation>
    </message>
    <message>
        <source>登记信访（Ctrl+N）</source>
        <translation>Register a petition (Ctrl+N)</translation>
    </message>
    <message>
        <source>状态：</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>共 {n} 件</source>
        <translation>{n} in all</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>预览 — {title}</source>
        <translation>Preview — {title}</translation>
    </message>
    <message>
        <source>正在生成…</source>
        <translation>Generating…</translation>
    </message>
    <message>
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>另存为…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>仍要生成并打印吗？</source>
        <translation>Generate and print it anyway?</translation>
    </message>
    <message>
        <source>未能生成</source>
        <translation>Could not generate</translation>
    </message>
    <message numerus="yes">
        <source>共 %n 页</source>
        <translation>
            <numerusform>%n page</numerusform>
            <numerusform>%n pages</numerusform>
        </translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>无法开始打印：打印机或输出文件不可用。</source>
        <translation>Cannot start printing: the printer or output file is not available.</translation>
    </message>
    <message>
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>已送出打印。</source>
        <translation>Sent to the printer.</translation>
    </message>
    <message>
        <source>另存为</source>
        <translation>Save as</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>已保存到 {path}</source>
        <translation>Saved to {path}</translation>
    </message>
</context>
<context>
    <name>RegisterCaseForm</name>
    <message>
        <source>登记调解案件</source>
        <translation>Register a mediation case</translation>
    </message>
    <message>
        <source>添加当事人</source>
        <translation>Add party</translation>
    </message>
    <message>
        <source>第 {n} 名当事人</source>
        <translation>Party {n}</translation>
    </message>
    <message>
        <source>保存（Ctrl+S）</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>请改正标红的各项后再保存。</source>
        <translation>Please correct the items marked in red, then save.</translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <source>全局检索</source>
        <translation>Search everything</translation>
    </message>
    <message>
        <source>输入姓名、案号或笔录中的词语，回车检索</source>
        <translation>Type a name, case number or words from a transcript, then press Enter</translation>
    </message>
    <message>
        <source>检索中…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>找到 {n} 条</source>
        <translation>{n} found</translation>
    </message>
    <message>
        <source>（仅显示前 {n} 条）</source>
        <translation> (only the first {n} shown)</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>本机设置</source>
        <translation>This PC&apos;s settings</translation>
    </message>
    <message>
        <source>如 https://hub.example.gov.cn</source>
        <translation>e.g. https://hub.example.gov.cn</translation>
    </message>
    <message>
        <source>自建证书颁发机构的证书文件（可不填）</source>
        <translation>Certificate file of a private certificate authority (optional)</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <source>市级平台地址</source>
        <translation>City hub address</translation>
    </message>
    <message>
        <source>证书文件</source>
        <translation>Certificate file</translation>
    </message>
    <message>
        <source>单位代码</source>
        <translation>Office code</translation>
    </message>
    <message>
        <source>自动同步间隔</source>
        <translation>Sync automatically every</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>本单位</source>
        <translation>This office</translation>
    </message>
    <message>
        <source>信息管理员的策略文件：{path}。标为“已由信息管理员锁定”的设置由信息管理员统一设置，不能在本机修改。</source>
        <translation>IT policy file: {path}. Settings marked “Locked by IT” are set by your IT administrator and cannot be changed on this PC.</translation>
    </message>
    <message>
        <source>信息管理员的策略文件：{path}，未锁定任何设置。</source>
        <translation>IT policy file: {path}; it locks no settings.</translation>
    </message>
    <message>
        <source>本机没有信息管理员的策略文件，各项设置均可在此修改。</source>
        <translation>This PC has no IT policy file: every setting can be changed here.</translation>
    </message>
    <message>
        <source>已由信息管理员锁定</source>
        <translation>Locked by IT</translation>
    </message>
    <message>
        <source>设置本机单位时确定，之后不能修改</source>
        <translation>Fixed when this PC&apos;s office was set up; cannot be changed</translation>
    </message>
    <message>
        <source>来自：{source}</source>
        <translation>From: {source}</translation>
    </message>
    <message>
        <source>没有改动。</source>
        <translation>Nothing changed.</translation>
    </message>
    <message>
        <source>已保存。</source>
        <translation>Saved.</translation>
    </message>
</context>
<context>
    <name>StatsPage</name>
    <message>
        <source>成功率分母：{label}</source>
        <translation>Success rate out of: {label}</translation>
    </message>
    <message>
        <source>统计</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>统计期间：</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>月度通报…</source>
        <translation>Monthly bulletin…</translation>
    </message>
    <message>
        <source>近 12 个月受理及调解成功</source>
        <translation>Accepted and settled, last 12 months</translation>
    </message>
    <message>
        <source>万人起诉率（按辖区）</source>
        <translation>Lawsuits per 10,000 people (by area)</translation>
    </message>
    <message>
        <source>按纠纷类型</source>
        <translation>By dispute type</translation>
    </message>
    <message>
        <source>按案件来源</source>
        <translation>By case source</translation>
    </message>
    <message>
        <source>按调解类别</source>
        <translation>By mediation category</translation>
    </message>
    <message>
        <source>按承办单位</source>
        <translation>By handling office</translation>
    </message>
    <message>
        <source>近 12 个月</source>
        <translation>Last 12 months</translation>
    </message>
    <message>
        <source>月度通报 {period}</source>
        <translation>Monthly bulletin {period}</translation>
    </message>
    <message>
        <source>&lt;h3&gt;{period} 调解工作统计&lt;/h3&gt;登记 {registered} 件，受理 {accepted} 件，进入调解 {mediated} 件；调解成功 {succeeded} 件，调解不成 {failed} 件，撤回 {withdrawn} 件；结案 {concluded} 件。调解成功率 {rate}（分母：{denominator}）。&lt;br&gt;涉及金额 {involved} 元，协议金额 {agreed} 元。企业走访 {visits} 次；司法建议签发 {issued} 件、答复 {replied} 件、逾期未复 {overdue} 件。</source>
        <translation>&lt;h3&gt;Mediation statistics {period}&lt;/h3&gt;{registered} registered, {accepted} accepted, {mediated} mediated; {succeeded} settled, {failed} not settled, {withdrawn} withdrawn; {concluded} concluded. Success rate {rate} (out of: {denominator}).&lt;br&gt;Amount involved {involved} yuan, agreed {agreed} yuan. firm visits: {visits}; judicial suggestions: {issued} issued, {replied} answered, {overdue} overdue for reply.</translation>
    </message>
    <message>
        <source>涉诉信访：收到 {received} 件，已化解 {resolved} 件，终结移交 {transferred} 件，依法终结 {ended} 件；化解率 {rate}（已化解 ÷ 当月办结）。</source>
        <translation>Litigation-related petitions: received {received}, resolved {resolved}, concluded and transferred {transferred}, concluded according to law {ended}; resolution rate {rate} (resolved ÷ closed in the month).</translation>
    </message>
    <message>
        <source>辖区</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>区划代码</source>
        <translation>Area code</translation>
    </message>
    <message>
        <source>人口</source>
        <translation>Population</translation>
    </message>
    <message>
        <source>一审民事行政收案</source>
        <translation>First-instance civil and administrative filings</translation>
    </message>
    <message>
        <source>万人起诉率</source>
        <translation>Per 10,000 people</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>成功</source>
        <translation>Settled</translation>
    </message>
    <message>
        <source>月份</source>
        <translation>Month</translation>
    </message>
</context>
<context>
    <name>SuggestionForm</name>
    <message>
        <source>状态变更：</source>
        <translation>Change status:</translation>
    </message>
    <message>
        <source>司法建议书</source>
        <translation>Judicial suggestion</translation>
    </message>
    <message>
        <source>保存（Ctrl+S）</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>司法建议书 {name}</source>
        <translation>Judicial suggestion {name}</translation>
    </message>
    <message>
        <source>&lt;h3&gt;登记司法建议&lt;/h3&gt;签发时自动编号；送达后按答复期限计算答复截止日。</source>
        <translation>&lt;h3&gt;Register a judicial suggestion&lt;/h3&gt;It is numbered when issued; once served, the reply deadline follows from the reply period.</translation>
    </message>
    <message>
        <source>（未编号）</source>
        <translation>(unnumbered)</translation>
    </message>
    <message>
        <source>答复截止日 {due}</source>
        <translation>Reply due {due}</translation>
    </message>
    <message numerus="yes">
        <source>已逾期 %n 天未答复</source>
        <translation>
            <numerusform>%n day overdue without a reply</numerusform>
            <numerusform>%n days overdue without a reply</numerusform>
        </translation>
    </message>
    <message>
        <source>状态变更理由：{reason}</source>
        <translation>Reason for the status change: {reason}</translation>
    </message>
    <message>
        <source>（已办结）</source>
        <translation>(closed)</translation>
    </message>
</context>
<context>
    <name>SuggestionListModel</name>
    <message>
        <source>逾期未复</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>（未编号）</source>
        <translation>(unnumbered)</translation>
    </message>
</context>
<context>
    <name>SuggestionsPage</name>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>只看逾期未复</source>
        <translation>Only overdue</translation>
    </message>
    <message>
        <source>按文号、主送单位或问题筛选</source>
        <translation>Filter by number, addressee or problem</translation>
    </message>
    <message>
        <source>登记司法建议（Ctrl+N）</source>
        <translation>Register suggestion (Ctrl+N)</translation>
    </message>
    <message>
        <source>状态：</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>共 {n} 件</source>
        <translation>{n} in all</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>登记到市级平台</source>
        <translation>Enrol with the city hub</translation>
    </message>
    <message>
        <source>如 https://hub.example.gov.cn</source>
        <translation>e.g. https://hub.example.gov.cn</translation>
    </message>
    <message>
        <source>信息管理员给出的一次性登记码</source>
        <translation>The one-time code from your administrator</translation>
    </message>
    <message>
        <source>自建证书颁发机构的证书文件（可不填）</source>
        <translation>Certificate file of a private certificate authority (optional)</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>市级平台地址＊</source>
        <translation>City hub address*</translation>
    </message>
    <message>
        <source>登记码＊</source>
        <translation>Enrolment code*</translation>
    </message>
    <message>
        <source>证书文件</source>
        <translation>Certificate file</translation>
    </message>
    <message>
        <source>本机名称</source>
        <translation>This PC’s name</translation>
    </message>
    <message>
        <source>本机没有可用的系统密钥环。设置口令后，设备令牌加密保存在本机，每次启动时输入一次口令即可同步；不设口令则只保存在本次运行中。</source>
        <translation>This PC has no usable system keyring. With a passphrase the device token is kept encrypted on this PC, and entering it once per start is enough to sync; without one the token is kept for this run only.</translation>
    </message>
    <message>
        <source>口令</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>再次输入口令</source>
        <translation>Passphrase again</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>Enrol</translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>需协调（两处同时修改了法律上重要的字段）</source>
        <translation>Needs coordination (two places changed a legally significant field at the same time)</translation>
    </message>
    <message>
        <source>记录类型</source>
        <translation>Record type</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>市级平台的值</source>
        <translation>Hub&apos;s value</translation>
    </message>
    <message>
        <source>修改人</source>
        <translation>Changed by</translation>
    </message>
    <message>
        <source>另一方的值</source>
        <translation>Other side&apos;s value</translation>
    </message>
    <message>
        <source>市级协调意见</source>
        <translation>City coordinator&apos;s notes</translation>
    </message>
    <message>
        <source>被市级平台拒收的变更</source>
        <translation>Changes refused by the city hub</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>同步日志（最近 10 条）</source>
        <translation>Sync log (last 10)</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message numerus="yes">
        <source>（最早的已等待 %n 分钟）</source>
        <translation>
            <numerusform> (the oldest has waited %n minute)</numerusform>
            <numerusform> (the oldest has waited %n minutes)</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;h3&gt;已登记到 {hub}&lt;/h3&gt;上次同步：{when}；待同步 {pending} 条{age}；需协调 {conflicts} 处；被拒 {quarantined} 条。</source>
        <translation>&lt;h3&gt;Enrolled with {hub}&lt;/h3&gt;Last sync: {when}; changes waiting: {pending}{age}; {conflicts} needing coordination; {quarantined} refused.</translation>
    </message>
    <message>
        <source>从未</source>
        <translation>never</translation>
    </message>
    <message>
        <source>&lt;br&gt;最近错误：{error}</source>
        <translation>&lt;br&gt;Last error: {error}</translation>
    </message>
    <message>
        <source>&lt;h3&gt;本机尚未登记到市级平台&lt;/h3&gt;变更保存在本机，待同步 {pending} 条；登记后即可同步。</source>
        <translation>&lt;h3&gt;This PC is not enrolled with the city hub&lt;/h3&gt;Changes are kept on this PC, {pending} waiting; they sync once it is enrolled.</translation>
    </message>
    <message>
        <source>已登记：{office}。</source>
        <translation>Enrolled: {office}.</translation>
    </message>
    <message>
        <source>输入口令</source>
        <translation>Enter passphrase</translation>
    </message>
    <message>
        <source>本机的设备令牌已用口令加密保存。请输入口令，本次运行即可同步：</source>
        <translation>This PC&apos;s device token is kept encrypted under a passphrase. Enter it to sync during this run:</translation>
    </message>
    <message>
        <source>正在解开设备令牌…</source>
        <translation>Opening the device token…</translation>
    </message>
    <message>
        <source>未输入口令，本次运行不同步；点击“立即同步”可再输入口令。</source>
        <translation>No passphrase entered: this run will not sync. Click “Sync now” to enter it again.</translation>
    </message>
    <message>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>同步完成：推送 {pushed} 条，接收 {pulled} 条，需协调 {conflicts} 处，被拒 {quarantined} 条，待同步 {pending} 条。</source>
        <translation>Sync done: {pushed} sent, {pulled} received, {conflicts} needing coordination, {quarantined} refused, {pending} waiting.</translation>
    </message>
    <message>
        <source>同步失败：{message}</source>
        <translation>Sync failed: {message}</translation>
    </message>
</context>
<context>
    <name>SyncStatusLine</name>
    <message>
        <source>离线（未登记市级平台）</source>
        <translation>Offline (not enrolled with the city hub)</translation>
    </message>
    <message>
        <source>尚未连接市级平台</source>
        <translation>Not yet connected to the city hub</translation>
    </message>
    <message>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>最近错误：{error}</source>
        <translation>Last error: {error}</translation>
    </message>
    <message>
        <source>待同步 {n} 条</source>
        <translation>{n} to sync</translation>
    </message>
    <message>
        <source>上次同步：{when}</source>
        <translation>Last sync: {when}</translation>
    </message>
    <message>
        <source>从未</source>
        <translation>never</translation>
    </message>
    <message>
        <source>需协调 {n} 处</source>
        <translation>{n} to coordinate</translation>
    </message>
</context>
<context>
    <name>Syncer</name>
    <message>
        <source>设备令牌已用口令加密保存，输入口令后才能同步。</source>
        <translation>The device token is kept under a passphrase: enter it to sync.</translation>
    </message>
</context>
<context>
    <name>TaskListPage</name>
    <message>
        <source>报告本单位进展</source>
        <translation>Report our progress</translation>
    </message>
    <message>
        <source>报告日期</source>
        <translation>Report date</translation>
    </message>
    <message>
        <source>进展情况：做了什么、还要做什么</source>
        <translation>Progress: what was done, what remains</translation>
    </message>
    <message>
        <source>进展情况</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>可选：扫描的反馈函等</source>
        <translation>Optional: a scanned reply letter or the like</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>附件</source>
        <translation>Attachment</translation>
    </message>
    <message>
        <source>本单位已完成</source>
        <translation>Our part done</translation>
    </message>
    <message>
        <source>报告进展（Ctrl+S）</source>
        <translation>Report progress (Ctrl+S)</translation>
    </message>
    <message numerus="yes">
        <source>共 %n 项任务</source>
        <translation>
            <numerusform>%n task</numerusform>
            <numerusform>%n tasks</numerusform>
        </translation>
    </message>
    <message>
        <source>，本单位逾期 {overdue} 项。任务由市级平台下达，同步后出现在这里。</source>
        <translation>, overdue for this office: {overdue}. Tasks are issued by the city hub and appear here after a sync.</translation>
    </message>
    <message>
        <source>完成时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>本单位</source>
        <translation>This office</translation>
    </message>
    <message>
        <source>任务内容</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>牵头单位</source>
        <translation>Lead office</translation>
    </message>
    <message>
        <source>专项工作组</source>
        <translation>Working group</translation>
    </message>
    <message>
        <source>在左侧选择一项任务。</source>
        <translation>Choose a task on the left.</translation>
    </message>
    <message>
        <source>完成时限 {deadline}&#x3000;本单位：&lt;span style=&apos;color:{colour}&apos;&gt;{mine}&lt;/span&gt;&#x3000;整体：{state}</source>
        <translation>Deadline {deadline}&#x3000;this office: &lt;span style=&apos;color:{colour}&apos;&gt;{mine}&lt;/span&gt;&#x3000;overall: {state}</translation>
    </message>
    <message>
        <source>牵头单位：{lead}&#x3000;配合单位：{partners}</source>
        <translation>Lead office: {lead}&#x3000;co-operating: {partners}</translation>
    </message>
    <message>
        <source>来源：{source}&#x3000;专项工作组：{group}&#x3000;下达日期：{issued}</source>
        <translation>Source: {source}&#x3000;working group: {group}&#x3000;issued on: {issued}</translation>
    </message>
    <message>
        <source>进度节点：{m}</source>
        <translation>Milestones: {m}</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>选择附件</source>
        <translation>Choose an attachment</translation>
    </message>
    <message>
        <source>请填写进展情况。</source>
        <translation>Please write the progress.</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <source>操作已取消。</source>
        <translation>Cancelled.</translation>
    </message>
    <message>
        <source>无法读写文件（{error}）：{file}</source>
        <translation>Cannot read or write the file ({error}): {file}</translation>
    </message>
    <message>
        <source>数据库操作失败（{kind}）：{first}。可运行 fydesk db check 检查数据库。</source>
        <translation>Database operation failed ({kind}): {first}. Run fydesk db check to check the database.</translation>
    </message>
    <message>
        <source>操作失败（{kind}）：{first}</source>
        <translation>Operation failed ({kind}): {first}</translation>
    </message>
</context>
<context>
    <name>_RecordBox</name>
    <message>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>保存修改</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <source>没有改动。</source>
        <translation>Nothing changed.</translation>
    </message>
    <message>
        <source>已保存。</source>
        <translation>Saved.</translation>
    </message>
</context>
</TS>
