"""The code tables (choice lists) of the domain, as plain data, with their English labels."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from fydesk.domain.errors import ValidationError

# The Chinese label is the stored value; English is only a display translation, so the
# English UI never changes what is written to the database or synced.

OFFICE_KINDS = (
    "人民法庭",
    "基层法院",
    "司法所",
    "司法局",
    "调委会",
    "特邀调解组织",
    "综治中心",
    "派出所",
    "村(居)委会",
    "工商联",
    "其他",
)

STAFF_ROLES = (
    "法官",
    "法官助理",
    "书记员",
    "司法所长",
    "司法助理员",
    "专职调解员",
    "兼职调解员",
    "特邀调解员",
)

# 调解组织: who presides over a mediation and issues (and seals) its agreement. The first four
# are 人民调解委员会 (人民调解法 arts. 7, 34; 驻庭: a committee stationed at a court); a
# 人民调解协议书 comes only from one of them (art. 29).
BODY_KINDS = (
    "村(居)人民调解委员会",
    "乡镇(街道)人民调解委员会",
    "行业性专业性人民调解委员会",
    "驻庭人民调解委员会",
    "特邀调解组织",
    "特邀调解员",
)
COMMITTEE_KINDS = BODY_KINDS[:4]
INVITED_KINDS = BODY_KINDS[4:]
# Categories a court hands to its invited bodies (委派/委托/特邀调解); the rest are people's
# mediation by a committee (联合调解 included: the committee presides, the partners join).
COURT_CATEGORIES = ("委派调解(诉前)", "委托调解(诉中)", "特邀调解")


def body_kinds_for(category: str | None) -> tuple[str, ...]:
    """The body kinds that may preside over a case of `category`, the likeliest first: the
    default a new case takes (a 驻庭 or other committee serves a court too, after its invited
    bodies)."""
    if category in COURT_CATEGORIES:
        return INVITED_KINDS + COMMITTEE_KINDS[::-1]
    return COMMITTEE_KINDS

PARTY_KINDS = ("自然人", "法人", "非法人组织")

PARTY_ROLES = ("申请人", "被申请人", "第三人")

SEXES = ("男", "女")

ID_TYPES = (
    "居民身份证",
    "港澳居民来往内地通行证",
    "台湾居民来往大陆通行证",
    "护照",
    "外国人永久居留身份证",
    "其他",
)

# GB/T 3304 order (codes 01–56).
ETHNICITIES = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族",
    "布依族", "朝鲜族", "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族",
    "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族",
    "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族",
    "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
    "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族",
    "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
)  # fmt: skip

CASE_CATEGORIES = ("人民调解", "委派调解(诉前)", "委托调解(诉中)", "特邀调解", "联合调解")

CASE_SOURCES = (
    "当事人申请",
    "调委会主动",
    "法院委派",
    "法院委托",
    "公安移交",
    "政府部门指定",
    "网格排查",
)

# The categories people's mediation statistics commonly use at township level.
DISPUTE_TYPES = (
    "婚姻家庭纠纷",
    "邻里纠纷",
    "房屋宅基地纠纷",
    "合同纠纷",
    "生产经营纠纷",
    "损害赔偿纠纷",
    "劳动争议纠纷",
    "土地承包经营纠纷",
    "山林土地纠纷",
    "道路交通事故纠纷",
    "医疗纠纷",
    "物业纠纷",
    "消费纠纷",
    "征地拆迁纠纷",
    "环境污染纠纷",
    "民间借贷纠纷",
    "其他纠纷",
)

CASE_RESULTS = ("达成协议", "调解不成", "撤回")

CASE_RISK_LEVELS = ("低", "中", "高")

SESSION_MODES = ("现场", "视频", "电话", "线上")

AGREEMENT_FORMS = ("书面", "口头")

PERFORMANCE_STATUSES = ("即时履行", "履行完毕", "部分履行", "未履行")

CONFIRMATION_RESULTS = ("确认有效", "驳回", "撤回")

JOINT_MODES = ("法庭+司法所", "法庭+调解组织", "法庭+社区/村居", "一庭两所", "综治中心", "其他")

ENTERPRISE_SIZES = ("大型", "中型", "小型", "微型")

# Sections (门类) of GB/T 4754-2017 that grassroots firms mostly fall in; the rest go to 其他.
INDUSTRIES = (
    "农、林、牧、渔业",
    "制造业",
    "建筑业",
    "批发和零售业",
    "交通运输、仓储和邮政业",
    "住宿和餐饮业",
    "信息传输、软件和信息技术服务业",
    "金融业",
    "房地产业",
    "租赁和商务服务业",
    "科学研究和技术服务业",
    "居民服务、修理和其他服务业",
    "文化、体育和娱乐业",
    "其他",
)

VISIT_KINDS = ("走访", "法治体检", "回访", "涉诉分析")

RISK_CATEGORIES = ("合同管理", "劳动用工", "知识产权", "融资担保", "公司治理", "合规经营", "其他")

RISK_LEVELS = ("重大且紧急", "较大", "一般", "提示")

RISK_LEVEL_COLOURS: dict[str, str] = {
    "重大且紧急": "red",
    "较大": "orange",
    "一般": "yellow",
    "提示": "blue",
}

SUGGESTION_KINDS = ("个案", "综合治理类")

ADOPTIONS = ("采纳", "部分采纳", "不采纳")

# How a 涉诉信访 reached the office: the forms 《信访工作条例》 art. 17 names (书信, 走访, 电话,
# 信息网络), and a matter handed down by a superior (交办/转办), as courts' 信访 ledgers list them.
PETITION_CHANNELS = ("来访", "来信", "网上信访", "电话", "上级交办", "其他")
# What one step of handling a petition was (the 办理记录 of a 信访件).
PETITION_ACTIONS = ("接谈", "调查核实", "释法说理", "组织调解", "联合化解", "司法救助", "书面答复", "移交",
                    "回访", "其他")

ATTACHMENT_KINDS = ("签署的协议书扫描件", "申请书", "权利义务告知书", "身份证明", "授权委托书", "证据", "照片",
                    "录音", "回访记录", "反馈函", "其他")
# Records a file may be attached to: a case and its parts, joint cases, visits, suggestions.
ATTACHABLE = ("case", "party", "session", "agreement", "confirmation", "joint_case", "handoff",
              "enterprise", "visit", "risk", "suggestion", "task_report")
# 任务清单 (DESIGN §2 Task): where an item comes from, and the meetings that decide them.
MEETING_KINDS = ("联席会议", "协调会议")
TASK_SOURCES = ("联席会议", "协调会议", "年度清单")

# Lets services and importers check a value against a table by name, with the label to
# put in the error sentence.
TABLES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "office_kind": OFFICE_KINDS,
        "staff_role": STAFF_ROLES,
        "body_kind": BODY_KINDS,
        "party_kind": PARTY_KINDS,
        "party_role": PARTY_ROLES,
        "sex": SEXES,
        "id_type": ID_TYPES,
        "ethnicity": ETHNICITIES,
        "case_category": CASE_CATEGORIES,
        "case_source": CASE_SOURCES,
        "dispute_type": DISPUTE_TYPES,
        "case_result": CASE_RESULTS,
        "case_risk_level": CASE_RISK_LEVELS,
        "session_mode": SESSION_MODES,
        "agreement_form": AGREEMENT_FORMS,
        "performance_status": PERFORMANCE_STATUSES,
        "confirmation_result": CONFIRMATION_RESULTS,
        "joint_mode": JOINT_MODES,
        "enterprise_size": ENTERPRISE_SIZES,
        "industry": INDUSTRIES,
        "visit_kind": VISIT_KINDS,
        "risk_category": RISK_CATEGORIES,
        "risk_level": RISK_LEVELS,
        "suggestion_kind": SUGGESTION_KINDS,
        "adoption": ADOPTIONS,
        "petition_channel": PETITION_CHANNELS,
        "petition_action": PETITION_ACTIONS,
    }
)

TABLE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "office_kind": "单位类型",
        "staff_role": "人员角色",
        "body_kind": "调解组织类型",
        "party_kind": "当事人类型",
        "party_role": "当事人地位",
        "sex": "性别",
        "id_type": "证件类型",
        "ethnicity": "民族",
        "case_category": "案件类别",
        "case_source": "案件来源",
        "dispute_type": "纠纷类型",
        "case_result": "调解结果",
        "case_risk_level": "案件风险等级",
        "session_mode": "调解方式",
        "agreement_form": "协议形式",
        "performance_status": "履行情况",
        "confirmation_result": "确认结果",
        "joint_mode": "联动模式",
        "enterprise_size": "企业规模",
        "industry": "所属行业",
        "visit_kind": "走访类型",
        "risk_category": "风险类别",
        "risk_level": "风险等级",
        "suggestion_kind": "建议类型",
        "adoption": "采纳情况",
        "petition_channel": "信访方式",
        "petition_action": "办理事项",
    }
)


def require_code(table: str, value: str, field: str) -> str:
    """`value` if it is in the named table; otherwise a ValidationError naming the table."""
    label = TABLE_LABELS[table]
    if value not in TABLES[table]:
        raise ValidationError(field, label, f"“{value}”不是可选的{label}。")
    return value


_EN_ETHNICITIES = (
    "Han", "Mongol", "Hui", "Tibetan", "Uyghur", "Miao", "Yi", "Zhuang",
    "Bouyei", "Korean", "Manchu", "Dong", "Yao", "Bai", "Tujia", "Hani",
    "Kazakh", "Dai", "Li", "Lisu", "Va", "She", "Gaoshan", "Lahu",
    "Shui", "Dongxiang", "Naxi", "Jingpo", "Kyrgyz", "Tu", "Daur", "Mulao",
    "Qiang", "Blang", "Salar", "Maonan", "Gelao", "Xibe", "Achang", "Pumi",
    "Tajik", "Nu", "Uzbek", "Russian", "Evenki", "De'ang", "Bonan", "Yugur",
    "Gin", "Tatar", "Derung", "Oroqen", "Hezhen", "Monba", "Lhoba", "Jino",
)  # fmt: skip

EN: dict[str, str] = {
    # office kinds
    "人民法庭": "People's tribunal",
    "基层法院": "Basic-level court",
    "司法所": "Judicial office",
    "司法局": "Justice bureau",
    "调委会": "Mediation committee",
    "特邀调解组织": "Invited mediation organisation",
    "综治中心": "Comprehensive governance centre",
    "派出所": "Police station",
    "村(居)委会": "Village/residents' committee",
    "工商联": "Federation of industry and commerce",
    "其他": "Other",
    # staff roles
    "法官": "Judge",
    "法官助理": "Judge's assistant",
    "书记员": "Court clerk",
    "司法所长": "Head of judicial office",
    "司法助理员": "Judicial assistant",
    "专职调解员": "Full-time mediator",
    "兼职调解员": "Part-time mediator",
    "特邀调解员": "Invited mediator",
    # mediation bodies
    "村(居)人民调解委员会": "Village/residents' people's mediation committee",
    "乡镇(街道)人民调解委员会": "Township/subdistrict people's mediation committee",
    "行业性专业性人民调解委员会": "Trade/professional people's mediation committee",
    "驻庭人民调解委员会": "People's mediation committee stationed at a court",
    # "特邀调解组织" and "特邀调解员" are labelled above (office kind, staff role)
    # parties
    "自然人": "Natural person",
    "法人": "Legal person",
    "非法人组织": "Unincorporated organisation",
    "申请人": "Applicant",
    "被申请人": "Respondent",
    "第三人": "Third party",
    "男": "Male",
    "女": "Female",
    "居民身份证": "Resident identity card",
    "港澳居民来往内地通行证": "Mainland travel permit for Hong Kong and Macao residents",
    "台湾居民来往大陆通行证": "Mainland travel permit for Taiwan residents",
    "护照": "Passport",
    "外国人永久居留身份证": "Foreign permanent resident ID card",
    # case categories and sources
    "人民调解": "People's mediation",
    "委派调解(诉前)": "Delegated mediation (pre-filing)",
    "委托调解(诉中)": "Entrusted mediation (during litigation)",
    "特邀调解": "Invited mediation",
    "联合调解": "Joint mediation",
    "当事人申请": "Application by a party",
    "调委会主动": "Initiated by the mediation committee",
    "法院委派": "Delegated by the court",
    "法院委托": "Entrusted by the court",
    "公安移交": "Referred by the police",
    "政府部门指定": "Assigned by a government department",
    "网格排查": "Found by grid inspection",
    # dispute types
    "婚姻家庭纠纷": "Marriage and family",
    "邻里纠纷": "Neighbourhood",
    "房屋宅基地纠纷": "Housing and homestead",
    "合同纠纷": "Contract",
    "生产经营纠纷": "Production and business",
    "损害赔偿纠纷": "Damages",
    "劳动争议纠纷": "Labour",
    "土地承包经营纠纷": "Rural land contracting",
    "山林土地纠纷": "Forest and land",
    "道路交通事故纠纷": "Road traffic accident",
    "医疗纠纷": "Medical",
    "物业纠纷": "Property management",
    "消费纠纷": "Consumer",
    "征地拆迁纠纷": "Land requisition and demolition",
    "环境污染纠纷": "Environmental pollution",
    "民间借贷纠纷": "Private lending",
    "其他纠纷": "Other dispute",
    # case results and risk levels
    "达成协议": "Agreement reached",
    "调解不成": "Mediation failed",
    "撤回": "Withdrawn",
    "低": "Low",
    "中": "Medium",
    "高": "High",
    # sessions, agreements, performance, confirmation
    "现场": "In person",
    "视频": "Video",
    "电话": "Telephone",
    "线上": "Online",
    "书面": "Written",
    "口头": "Oral",
    "即时履行": "Performed on the spot",
    "履行完毕": "Fully performed",
    "部分履行": "Partly performed",
    "未履行": "Not performed",
    "确认有效": "Confirmed valid",
    "驳回": "Rejected",
    # joint cases
    "法庭+司法所": "Tribunal + judicial office",
    "法庭+调解组织": "Tribunal + mediation organisation",
    "法庭+社区/村居": "Tribunal + community/village",
    "一庭两所": "One tribunal, two offices",
    # enterprises
    "大型": "Large",
    "中型": "Medium-sized",
    "小型": "Small",
    "微型": "Micro",
    "农、林、牧、渔业": "Agriculture, forestry, animal husbandry and fishery",
    "制造业": "Manufacturing",
    "建筑业": "Construction",
    "批发和零售业": "Wholesale and retail trade",
    "交通运输、仓储和邮政业": "Transport, storage and postal services",
    "住宿和餐饮业": "Accommodation and catering",
    "信息传输、软件和信息技术服务业": "Information transmission, software and IT services",
    "金融业": "Finance",
    "房地产业": "Real estate",
    "租赁和商务服务业": "Leasing and business services",
    "科学研究和技术服务业": "Scientific research and technical services",
    "居民服务、修理和其他服务业": "Resident, repair and other services",
    "文化、体育和娱乐业": "Culture, sports and entertainment",
    # visits and risks
    "走访": "Visit",
    "法治体检": "Legal health check",
    "回访": "Follow-up visit",
    "涉诉分析": "Litigation analysis",
    "合同管理": "Contract management",
    "劳动用工": "Employment",
    "知识产权": "Intellectual property",
    "融资担保": "Financing and guarantees",
    "公司治理": "Corporate governance",
    "合规经营": "Compliance",
    "重大且紧急": "Major and urgent",
    "较大": "Significant",
    "一般": "Moderate",
    "提示": "Advisory",
    # judicial suggestions
    "个案": "Individual case",
    "综合治理类": "Comprehensive governance",
    "采纳": "Adopted",
    "部分采纳": "Partly adopted",
    "不采纳": "Not adopted",
    # petitions
    "来访": "Visit in person",
    "来信": "Letter",
    "网上信访": "Online petition",
    "上级交办": "Assigned by a superior",
    "接谈": "Interview",
    "调查核实": "Investigation",
    "释法说理": "Explaining the law",
    "组织调解": "Mediation",
    "联合化解": "Joint resolution",
    "司法救助": "Judicial aid",
    "书面答复": "Written reply",
    "移交": "Transfer",
    # state-machine names and states (fydesk.domain.states)
    "调解案件": "Mediation case",
    "司法确认": "Judicial confirmation",
    "司法建议": "Judicial suggestion",
    "风险点": "Risk",
    "联动案件": "Joint case",
    "办理中": "In progress",
    "已办结": "Concluded",
    "已退回": "Returned",
    "登记": "Registered",
    "受理": "Accepted",
    "不予受理": "Not accepted",
    "调解中": "In mediation",
    "履行中": "Being performed",
    "结案": "Closed",
    "归档": "Archived",
    "拟申请": "To apply",
    "已申请": "Applied",
    "已受理": "Accepted by court",
    "起草": "Drafting",
    "签发": "Issued",
    "送达": "Served",
    "已答复": "Replied",
    "办结": "Concluded",
    "发现": "Found",
    "已提示": "Notified",
    "整改中": "Being rectified",
    "已整改": "Rectified",
    "逾期": "Overdue",
    "涉诉信访": "Litigation-related petition",
    "化解中": "Being resolved",
    "已化解": "Resolved",
    "终结移交": "Concluded and transferred",
    "依法终结": "Concluded according to law",
}
EN.update(zip(ETHNICITIES, _EN_ETHNICITIES, strict=True))
