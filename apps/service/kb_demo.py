"""The demo company's knowledge base (domain.md §7, §17): solutions and FAQ of 华彩印刷设备 written by the business
group's editor and published by the CS manager, canned replies, and demo tickets recorded as solved by an article.
Deterministic and made through the services."""

from dataclasses import dataclass

from apps.catalog import selectors as catalog_selectors

from .choices import ArticleKind, ArticleStatus, TicketStatus
from .models import Ticket
from .selectors import list_categories
from .services import kb as kb_services

S, F = ArticleKind.SOLUTION, ArticleKind.FAQ


@dataclass(frozen=True)
class DemoArticle:
    title: str
    kind: str
    category: str
    sku: str
    product_name: str
    keywords: str
    body: str
    status: str = ArticleStatus.PUBLISHED


ARTICLES = [
    DemoArticle(
        "写真机、喷绘机打印时卡纸（卡布）的处理方法", S, "机械故障", "HC-LF1800", "",
        "卡纸,卡布,进纸,走纸歪斜,打印机卡纸,paper jam",
        "现象：打印过程中介质（写真纸、灯箱布、PP纸）走偏、起拱或卡在压纸轮下，设备报警停机。\n"
        "原因：介质受潮卷曲；压纸轮压力不均；收放卷张力设置过大；介质宽度设置与实际不符。\n"
        "处理步骤：\n"
        "1. 立即按暂停键并抬起压杆，小车回到原点后关闭电源，避免喷头刮擦介质。\n"
        "2. 从出纸方向轻轻抽出卡住的介质，检查喷头底板和刮片有无残留纤维。\n"
        "3. 重新装纸：介质两边对齐刻度线，左右压纸轮压力一致，收卷张力调到中档。\n"
        "4. 在控制软件中重新测量介质宽度，打印一张测试条确认走纸正常。\n"
        "预防：介质存放在干燥处（湿度40%–60%），开封后24小时内用完；每周清洁压纸轮。"),
    DemoArticle(
        "墨盒（墨囊）漏墨、渗墨的处理", S, "喷头与墨路", "PI-DAMPER-UV", "",
        "墨盒,墨囊,漏墨,渗墨,弄脏印品,ink leak",
        "现象：墨盒或墨囊接口处有墨滴，打印面出现墨点、拖墨。\n"
        "原因：墨囊老化或接口密封圈变形；负压过小；运输后墨盒未静置。\n"
        "处理步骤：\n"
        "1. 关机后用无尘布蘸清洗液擦净漏墨部位，确认漏点（墨囊接口、墨管接头或墨盒本体）。\n"
        "2. 墨囊接口漏墨：更换原装UV墨囊（型号DMP-UV），装好后用注射器回抽排气。\n"
        "3. 负压过小：在控制软件“供墨设置”中将负压调回出厂值，观察10分钟无滴漏。\n"
        "4. 新墨盒漏墨属于耗材质量问题，保留包装和批号，按退换货政策免费更换。\n"
        "注意：漏墨弄脏客户印品时，登记投诉并拍照留存，按五清楚记录处理结果。"),
    DemoArticle(
        "喷头堵塞、断线、不出墨的清洗步骤", S, "喷头与墨路", "PH-RICOH-G5", "理光G5喷头 Gen5",
        "喷头堵塞,断线,不出墨,清洗,测试条,nozzle clog",
        "现象：打印测试条时部分喷孔不出墨或斜喷，画面出现断线。\n"
        "处理步骤：\n"
        "1. 在控制软件中执行“标准清洗”两次，打印测试条查看。\n"
        "2. 仍有断线：执行“强力清洗”，用刮片清洁喷头底板，再打印测试条。\n"
        "3. 长时间未开机导致的堵塞：用原厂喷头清洗液（CLN-5）浸润保湿墨栈，静置2小时后再清洗。\n"
        "4. 三次清洗后仍有大面积断线，可能喷头已损坏，请登记报修，由工程师检测电压与波形。\n"
        "预防：每天开机打印测试条；停机超过三天时做保湿处理；只使用原装墨水。"),
    DemoArticle(
        "打印机驱动安装与USB无法识别（Windows 10/11）", S, "驱动与固件", "", "全系列打印设备",
        "驱动安装,驱动,USB,无法识别,设备管理器,driver install,Windows 11",
        "适用：UV平板打印机、写真机、喷绘机的USB和网口连接。\n"
        "安装步骤：\n"
        "1. 从官网“服务与支持”下载与设备型号对应的驱动包（含USB驱动和控制软件）。\n"
        "2. 关闭杀毒软件，右键“以管理员身份运行”安装程序，安装完成后重启电脑。\n"
        "3. 打开设备电源，再连接USB线（建议使用原装线，长度不超过3米），等待系统识别。\n"
        "4. 设备管理器中出现黄色感叹号：右键“更新驱动程序”，手动指定驱动包中的 driver 文件夹。\n"
        "Windows 11 无法安装：在“设置-隐私和安全性-开发者选项”中关闭驱动程序签名强制，或使用官网新版驱动（已签名）。\n"
        "仍无法识别：更换USB口（主板后置口）、更换USB线，并记录电脑型号与系统版本后转技术支持。"),
    DemoArticle(
        "RIP排版软件安装与加密狗授权", S, "RIP排版软件", "", "RIP软件",
        "RIP,排版软件,加密狗,授权,license,色彩曲线",
        "1. 安装前插上加密狗，运行安装包，选择与设备型号对应的输出端口。\n"
        "2. 首次启动提示“未找到授权”：在加密狗驱动目录运行 dog_install，重新插拔加密狗。\n"
        "3. 更换电脑时无需重新购买授权，把加密狗插到新电脑即可；加密狗丢失需凭购机发票补办（收费）。\n"
        "4. 导入官方色彩曲线（ICC）：在“打印设置-介质”中选择对应介质的曲线文件。\n"
        "支持 Windows 10/11（64位）；如需增加中文字体，把字体文件复制到系统字体目录后重启软件。"),
    DemoArticle(
        "开机报错E-203（喷头板通讯异常）", S, "电气故障", "PB-HEAD-G5", "",
        "E-203,报错,喷头板,通讯异常,排线,开机报错",
        "含义：主板与喷头板之间的数据通讯失败。\n"
        "处理步骤：\n"
        "1. 关机断电5分钟后重新开机，确认是否偶发。\n"
        "2. 检查小车上喷头板排线是否松动、折痕或有墨水污染，重新插紧（断电操作）。\n"
        "3. 仍报E-203：更换喷头板排线；排线正常时可能是喷头板损坏，需工程师上门检测。\n"
        "4. 登记报修时请提供设备序列号、报错照片和最近是否有漏墨情况。\n"
        "注意：带电插拔排线会烧毁喷头，务必断电操作。"),
    DemoArticle(
        "打印出现横纹、白线的原因与处理", S, "喷头与墨路", "HC-UV2513", "UV平板打印机 2513",
        "横纹,白线,PASS道,步进校准,banding",
        "判断：先打印测试条——测试条有断线按“喷头堵塞”处理；测试条完整而画面有横纹，多为步进不准。\n"
        "处理步骤：\n"
        "1. 在控制软件中执行“步进校准”，按提示打印校准图，选择衔接最好的一组数值。\n"
        "2. 检查光栅条是否有墨污，用无尘布蘸酒精擦拭。\n"
        "3. 提高PASS数（如4PASS改为6PASS）可减轻横纹，但会降低速度。\n"
        "4. 横纹位置固定且每次相同：检查导轨和皮带张紧，必要时报修。"),
    DemoArticle(
        "UV灯不亮或墨水固化不干", S, "电气故障", "PL-UVLED", "",
        "UV灯,不亮,固化,不干,LED,粘手",
        "现象：打印后画面粘手、可擦掉，或UV灯指示不亮。\n"
        "处理步骤：\n"
        "1. 确认软件中UV灯开关为“开启”，功率不低于70%。\n"
        "2. 检查UV灯风扇是否运转；风扇不转会触发过热保护，清理灰尘或更换风扇。\n"
        "3. 检查UV灯电源线和驱动板指示灯；指示灯不亮时更换UV-LED电源。\n"
        "4. 灯珠老化（使用超过10000小时）亮度下降，需更换UV-LED固化灯（保修期6个月）。"),
    DemoArticle(
        "导轨异响与日常润滑保养", S, "机械故障", "PM-RAIL-20", "",
        "导轨,异响,润滑,保养,小车,滑块",
        "现象：小车移动时有摩擦声、咔哒声或速度不均。\n"
        "保养步骤：\n"
        "1. 关机后用无尘布擦净导轨上的灰尘和墨雾。\n"
        "2. 在导轨两侧均匀涂抹专用润滑脂（不要使用食用油或WD-40）。\n"
        "3. 手动推动小车来回10次，使润滑脂分布均匀，擦去多余油脂。\n"
        "建议每两周保养一次；异响仍在可能是滑块磨损，请报修更换直线导轨滑块。"),
    DemoArticle(
        "白墨沉淀的日常维护", F, "耗材质量", "INK-UV-W", "",
        "白墨,沉淀,搅拌,维护,白墨循环",
        "问：白墨为什么容易堵头？\n"
        "答：白墨含钛白粉，静置后会沉淀。请注意：\n"
        "1. 每天开机前摇晃白墨墨瓶1分钟，开启白墨循环功能。\n"
        "2. 白墨开封后三个月内用完；冬季室温不低于18℃。\n"
        "3. 长时间不用白墨时，把白墨通道换成清洗液保湿。"),
    DemoArticle(
        "产品保修政策（三包）说明", F, "其他", "", "整机及配件",
        "保修,保修政策,三包,保修期,免费维修,warranty",
        "问：设备保修期多长？哪些情况不在保修范围？\n"
        "答：\n"
        "1. 整机保修12个月，自验收之日起计算；喷头保修3个月，主板、电源、UV灯保修6个月。\n"
        "2. 保修期内非人为损坏的故障免费维修或更换配件，换下的旧件由售后服务部三包组回收。\n"
        "3. 以下情况不属于免费保修：使用非原装墨水导致的喷头堵塞或损坏；撞头、进水、雷击等人为或意外损坏；"
        "私自拆修；超过保修期。\n"
        "4. 保修期外维修只收配件费和上门费，报价经客户确认后再维修。\n"
        "报修请提供设备序列号和购机发票。"),
    DemoArticle(
        "退换货政策", F, "订单与发票", "", "整机、墨水及配件",
        "退货,换货,退换货,七天,质量问题,return",
        "问：买到的墨水或配件能退换吗？\n"
        "答：\n"
        "1. 签收7日内，商品未使用、包装完好，可无理由退换（运费由客户承担）。\n"
        "2. 签收15日内出现质量问题（如新墨盒漏墨、配件不能使用），免费换货，往返运费由本公司承担。\n"
        "3. 整机到货后请当场开箱验货，运输损坏请拒收并拍照，由物流赔付后补发。\n"
        "4. 已开封的墨水、定制配件和超过期限的商品不予退换。\n"
        "办理：联系客服登记，客服核实后开具退换货单，按指定地址寄回。"),
    DemoArticle(
        "原装墨水与兼容墨水有什么区别，会影响保修吗", F, "耗材质量", "", "UV墨水 弱溶剂墨水",
        "原装墨水,兼容墨水,副厂墨水,保修,墨水",
        "问：可以用兼容墨水吗？\n"
        "答：原装墨水与本公司喷头、曲线经过匹配测试，色彩稳定、不易堵头。使用兼容墨水导致的喷头堵塞、损坏不在免费"
        "保修范围内。更换墨水品牌前必须彻底清洗墨路，混用不同墨水会产生絮凝、堵塞墨路。"),
    DemoArticle(
        "设备安装需要的场地、电源与环境条件", F, "安装调试", "", "UV平板打印机 全系列",
        "安装,场地,电源,温湿度,地线,安装条件",
        "问：安装前需要准备什么？\n"
        "答：\n"
        "1. 场地：设备四周预留不少于80厘米的操作空间；2513机型整机占地约4.5米×2.2米。\n"
        "2. 电源：220V单相独立电源，功率不低于3kW，必须可靠接地（地线电阻小于4欧）。\n"
        "3. 环境：温度18–30℃，湿度40%–70%，避免阳光直射和粉尘。\n"
        "4. 到货前把场地、电源准备好并告知工程师，安装调试约需1个工作日。"),
    DemoArticle(
        "如何申请上门维修及收费标准", F, "收费争议", "", "全系列设备",
        "上门维修,报修,收费标准,工程师,上门费",
        "问：怎么申请上门维修？要收费吗？\n"
        "答：拨打服务热线或在微信公众号报修，客服在2小时内确认并安排工程师。保修期内非人为故障免费；保修期外按"
        "“配件费＋上门费”收费，上门费按距离分档，报价经客户确认后才维修。维修完成后客服会回访，请对服务进行评价。"),
    DemoArticle(
        "喷头更换后的电压与波形设置", S, "喷头与墨路", "PH-RICOH-G6", "理光G6喷头 Gen6",
        "喷头更换,电压,波形,喷头参数",
        "更换喷头后必须按喷头标签上的电压值设置，电压过高会缩短喷头寿命。\n"
        "1. 记录新喷头标签上的序列号和电压值。\n"
        "2. 在控制软件“喷头参数”中逐个输入电压，选择对应墨水的波形文件。\n"
        "3. 打印测试条和对齐校准图，确认无断线、无重影。",
        ArticleStatus.IN_REVIEW),
    DemoArticle(
        "激光雕刻机切割不透的调整", S, "机械故障", "HC-EG6090", "",
        "激光雕刻,切割不透,焦距,功率",
        "1. 检查焦距：用焦距尺重新对焦。\n2. 清洁反射镜和聚焦镜。\n3. 适当提高功率或降低速度后试切。",
        ArticleStatus.DRAFT),
    DemoArticle(
        "旧版RIP 6.0 安装说明（已停用）", S, "RIP排版软件", "", "RIP软件 6.0",
        "RIP 6.0,旧版,安装",
        "RIP 6.0 已停止维护，请安装新版RIP软件；本文仅供老客户参考。",
        ArticleStatus.ARCHIVED),
]

# (title, body, category or "", shared)
CANNED_REPLIES = [
    ("受理确认", "{customer_name}您好，您反映的问题已登记，工单号{ticket_number}。我们会在{due_date}前给您答复，"
                 "如有进展会第一时间联系您。客服{agent_name}", "", True),
    ("安排工程师上门", "{customer_name}您好，关于工单{ticket_number}（{product}），我们已安排售后工程师上门处理，"
                      "工程师会提前电话与您确认具体时间。请提前准备好设备序列号和购机发票。客服{agent_name}",
     "安装调试", True),
    ("请提供故障照片", "{customer_name}您好，为尽快判断{product}的故障原因，请拍摄故障部位照片、报错界面和打印测试条，"
                      "回复到本工单（{ticket_number}）。谢谢配合！", "喷头与墨路", True),
    ("处理完成待确认", "{customer_name}您好，工单{ticket_number}已处理完成。如问题再次出现请随时联系我们，"
                      "稍后回访专员会与您确认处理效果。客服{agent_name}", "", True),
    ("保修期外收费说明", "{customer_name}您好，经核实您的设备已超过保修期，本次维修按“配件费＋上门费”收费，"
                        "报价确认后我们再安排维修。如有疑问请随时联系客服{agent_name}。", "收费争议", True),
    ("发送自助处理步骤", "{customer_name}您好，您可以先按知识库中的步骤自助处理：先打印测试条，再执行两次标准清洗。"
                        "如仍未解决请回复本工单{ticket_number}，我们会安排技术支持。", "", False),
]

# A ticket whose subject contains the keyword is recorded as solved by the article with that title.
SOLVED_BY = [("卡纸", 0), ("漏墨", 1), ("喷头堵塞", 2), ("E-203", 5), ("横纹", 6), ("UV灯", 7), ("导轨", 8),
             ("白墨", 9), ("保修", 10), ("场地", 13)]
SOLVABLE = [TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED, TicketStatus.RETURN_VISIT, TicketStatus.WAITING_CUSTOMER]


def _write(spec: DemoArticle, *, editor, reviewer, categories, products):
    article = kb_services.create_article(
        actor=editor, title=spec.title, body=spec.body, kind=spec.kind, category=categories.get(spec.category),
        product=products.get(spec.sku), product_name=spec.product_name, keywords=spec.keywords)
    if spec.status == ArticleStatus.DRAFT:
        return article
    article = kb_services.submit_article(actor=editor, article=article)
    if spec.status == ArticleStatus.IN_REVIEW:
        return article
    article = kb_services.publish_article(actor=reviewer, article=article)
    if spec.status == ArticleStatus.ARCHIVED:
        article = kb_services.archive_article(actor=reviewer, article=article, reason="软件已停止维护")
    return article


def seed_kb(context: dict) -> int:
    """Write the demo articles and canned replies, then record demo tickets solved by them; returns the articles."""
    people = context["people"]
    editor, reviewer, agent = people["kb_editor"].user, people["cs_manager"].user, people["cs_agent"].user
    categories = {c.name: c for c in list_categories(active_only=False)}
    skus = {spec.sku for spec in ARTICLES if spec.sku}
    products = {p.sku: p for p in catalog_selectors.list_products_for(editor).filter(sku__in=skus)}
    articles = [_write(spec, editor=editor, reviewer=reviewer, categories=categories, products=products)
                for spec in ARTICLES]
    for title, body, category, shared in CANNED_REPLIES:
        kb_services.create_canned_reply(actor=editor if shared else agent, title=title, body=body,
                                        category=categories.get(category), is_shared=shared)
    for ticket in Ticket.objects.filter(status__in=SOLVABLE).select_related("assignee", "created_by").order_by("id"):
        for keyword, index in SOLVED_BY:
            if keyword in ticket.subject:
                kb_services.mark_solved_by_article(actor=ticket.assignee or ticket.created_by, ticket=ticket,
                                                   article=articles[index])
                break
    return len(articles)
