package scale

// What the generated province is made of: Sichuan's prefectures with their
// real number of county-level divisions and rough centres, the majors
// schools teach and the industries that host them. Invented names are
// marked as generated wherever a real one could be mistaken for them.

// cityInfo is a prefecture-level division of Sichuan.
type cityInfo struct {
	code     string
	short    string // the name without 市/州, for enterprise names
	counties int    // real county-level divisions, generated where the migrations hold none
	lat, lng float64
}

var sichuanCities = []cityInfo{
	{"510100", "成都", 20, 30.66, 104.07}, {"510300", "自贡", 6, 29.34, 104.78}, {"510400", "攀枝花", 5, 26.58, 101.72},
	{"510500", "泸州", 7, 28.87, 105.44}, {"510600", "德阳", 6, 31.13, 104.40}, {"510700", "绵阳", 9, 31.47, 104.68},
	{"510800", "广元", 7, 32.44, 105.84}, {"510900", "遂宁", 5, 30.53, 105.59}, {"511000", "内江", 5, 29.58, 105.06},
	{"511100", "乐山", 11, 29.55, 103.77}, {"511300", "南充", 9, 30.84, 106.11}, {"511400", "眉山", 6, 30.08, 103.85},
	{"511500", "宜宾", 10, 28.77, 104.64}, {"511600", "广安", 6, 30.46, 106.63}, {"511700", "达州", 7, 31.21, 107.47},
	{"511800", "雅安", 8, 29.98, 103.01}, {"511900", "巴中", 5, 31.87, 106.75}, {"512000", "资阳", 3, 30.13, 104.63},
	{"513200", "阿坝", 13, 31.90, 102.22}, {"513300", "甘孜", 18, 30.05, 101.96}, {"513400", "凉山", 17, 27.88, 102.27},
}

// countyCentres are the real counties the migrations load (Bazhong's).
var countyCentres = map[string][2]float64{
	"511902": {31.85, 106.77}, "511903": {31.79, 106.64}, "511921": {31.91, 107.25}, "511922": {32.35, 106.83}, "511923": {31.56, 107.10},
}

// pilotCounty always gets the first school: Bazhong is where the platform
// started, and every size of province then has a county with a school whose
// real name lists and tests can count on.
const pilotCounty = "511902"

// major is a programme a school teaches; category is its 专业大类, which a
// host post must share (R-MAJOR, Art 8).
type major struct {
	name, short, category string
	weight                float64
}

var majorList = []major{
	{"数控技术应用", "数控", "装备制造大类", 3},
	{"机电技术应用", "机电", "装备制造大类", 2},
	{"汽车运用与维修", "汽修", "交通运输大类", 2},
	{"计算机应用", "计算机", "电子与信息大类", 3},
	{"电子技术应用", "电子", "电子与信息大类", 1.5},
	{"旅游服务与管理", "旅游", "旅游大类", 1.5},
	{"酒店服务与管理", "酒店", "旅游大类", 1},
	{"电子商务", "电商", "财经商贸大类", 2.5},
	{"会计事务", "会计", "财经商贸大类", 1.5},
	{"护理", "护理", "医药卫生大类", 2},
	{"食品加工工艺", "食品", "食品药品与粮食大类", 1},
	{"建筑工程施工", "建筑", "土木建筑大类", 1.5},
	{"现代农艺技术", "农艺", "农林牧渔大类", 1},
}

// industry hosts the majors of one category.
type industry struct {
	name     string
	category string
	words    []string // what goes into a company name
	posts    []string
	grade    int // labour intensity of its posts (R-LABOUR3: below Ⅲ)
}

var industries = []industry{
	{"装备制造", "装备制造大类", []string{"精密机械", "机械制造", "智能装备", "机电设备"}, []string{"数控车床操作员", "装配钳工", "质量检验员"}, 2},
	{"汽车服务", "交通运输大类", []string{"汽车服务", "汽车销售服务", "汽车维修"}, []string{"汽车维修工", "汽车美容技师", "配件管理员"}, 2},
	{"电子信息", "电子与信息大类", []string{"电子科技", "信息技术", "软件科技", "通信技术"}, []string{"电子装配工", "测试技术员", "网络运维助理"}, 1},
	{"旅游服务", "旅游大类", []string{"旅游开发", "酒店管理", "文旅发展"}, []string{"景区导览员", "游客中心接待员", "前厅接待员"}, 1},
	{"商贸服务", "财经商贸大类", []string{"商贸", "电子商务", "供应链管理", "财务咨询"}, []string{"电商客服专员", "仓储管理员", "会计助理"}, 1},
	{"医疗健康", "医药卫生大类", []string{"医院管理", "康养服务", "医药连锁"}, []string{"护理助理", "药房助理", "康复治疗助理"}, 1},
	{"食品加工", "食品药品与粮食大类", []string{"食品", "农产品加工", "粮油"}, []string{"食品包装工", "食品检验员"}, 2},
	{"建筑施工", "土木建筑大类", []string{"建筑工程", "建设", "建筑装饰"}, []string{"施工员助理", "资料员", "测量员"}, 2},
	{"现代农业", "农林牧渔大类", []string{"农业科技", "生态农业", "种业"}, []string{"农技员助理", "园艺工", "畜牧技术员"}, 2},
}

func industryFor(category string) int {
	for i, in := range industries {
		if in.category == category {
			return i
		}
	}
	return 0
}

var brands = []string{"恒达", "宏远", "天府", "蜀锦", "华西", "金沙", "锦程", "瑞丰", "川元", "博远", "鑫源", "汇通", "巴山",
	"嘉诚", "德润", "卓越", "新蜀", "远航", "盛世", "众诚", "和信", "力拓", "安泰", "启明", "永盛", "东升", "峨眉", "青城",
	"蜀道", "长城", "光华", "明珠", "旭日", "丰泽", "兴川", "惠民", "信达", "正和", "天虹", "中成"}

var surnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
	"高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘",
	"蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚"}

var givenChars = []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
	"秀", "霞", "平", "刚", "桂", "华", "英", "玲", "峰", "波", "辉", "鹏", "宇", "婷", "浩", "欣", "怡", "子", "轩", "雨",
	"涵", "梓", "晨", "佳", "思", "琪", "俊", "博", "文", "嘉", "一", "诗", "铭", "睿", "瑶", "泽", "昊", "悦", "航", "琳",
	"凯", "雪", "阳"}

func personName(g *rng) string {
	name := pick(g, surnames) + pick(g, givenChars)
	if g.chance(0.6) {
		name += pick(g, givenChars)
	}
	return name
}

var roads = []string{"人民路", "建设路", "解放路", "工业大道", "迎宾大道", "滨江路", "新华街", "科技路", "创业大道", "光明路"}

var userAgents = []string{
	"Mozilla/5.0 (Linux; Android 14; V2302A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 MicroMessenger/8.0.47",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.48",
	"Mozilla/5.0 (Linux; Android 13; HarmonyOS; ALN-AL00) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0 Mobile Safari/537.36",
	"Mozilla/5.0 (Linux; Android 14; 23127PN0CC) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0 Mobile Safari/537.36",
}

var patrolSummaries = []string{
	"学生均按时到岗，工位整洁，安全帽、工装穿戴规范。",
	"与企业导师交流了本周带教安排，学生状态良好。",
	"检查了宿舍和食堂卫生，未发现安全隐患。",
	"提醒学生注意用电安全和下班途中交通安全。",
	"学生操作规范，个别学生适应较慢，已与导师沟通加强指导。",
	"巡查车间消防通道畅通，灭火器在有效期内。",
}

var incidentTexts = map[string][]string{
	"injury":  {"学生在操作中手指被划伤，已送医院包扎。", "学生搬运物料时扭伤脚踝，已就医处理。"},
	"missing": {"学生下班后未按时返回宿舍，电话无法接通。"},
	"abuse":   {"学生反映被车间班组长言语辱骂。"},
	"unpaid":  {"学生反映上月实习报酬未按时发放。"},
	"other":   {"学生突发高烧，已送医院就诊。", "宿舍发生电器短路冒烟，已疏散学生。"},
}

var findingTexts = []string{
	"三方实习协议缺少监护人签字。",
	"实习责任保险保单未覆盖全部实习期。",
	"学生实际工作时间超过每日 8 小时。",
	"实习指导教师巡查记录不完整。",
	"岗前安全培训记录缺失。",
	"实习报酬发放记录不全，存在延迟发放。",
	"实习岗位与所学专业不对口。",
	"未按规定建立实习学生请销假制度。",
}
