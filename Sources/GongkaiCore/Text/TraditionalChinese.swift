/// Traditional → simplified characters for the vocabulary of annual reports (labels, headings, agency names,
/// prose around the tables), so that copies that mirror sites have converted to traditional characters are read
/// like the original.
///
/// Generated once from the format's labels, DOMAIN.md and the seed reports with OpenCC (s2t, s2tw, s2hk); it is
/// data, not a dependency. Characters that are the same in both scripts are not listed.
public enum TraditionalChinese {
    /// Maps a traditional character to its simplified form, or returns it unchanged.
    @inline(__always)
    public static func simplified(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        guard (0x4E00...0x9FFF).contains(scalar.value) else { return scalar }
        let mapped = flat[Int(scalar.value - 0x4E00)]
        return mapped == 0 ? scalar : Unicode.Scalar(mapped) ?? scalar
    }

    /// The table as a flat array over the CJK Unified Ideographs block (0 = not listed): an index instead of a hash.
    private static let flat: [UInt32] = {
        var array = [UInt32](repeating: 0, count: 0x9FFF - 0x4E00 + 1)
        for (traditional, simplified) in table where (0x4E00...0x9FFF).contains(traditional.value) {
            array[Int(traditional.value - 0x4E00)] = simplified.value
        }
        return array
    }()

    /// The text with every listed traditional character replaced by its simplified form.
    public static func simplified(_ text: String) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: text.unicodeScalars.map { simplified($0) })
        return String(view)
    }

    /// Whether a text is written in traditional characters: at least ten of its characters, and one in thirty of its
    /// Chinese characters, are listed traditional forms.
    public static func isTraditional(_ text: String) -> Bool {
        var cjk = 0, traditional = 0
        let flat = Self.flat
        // On the UTF-8 bytes (every character of the block is three, led by E4–E9): iterating the scalars of every
        // text read cost two and a half times as much.
        var text = text
        text.withUTF8 { bytes in
            var i = 0
            while i + 2 < bytes.count {
                let lead = bytes[i]
                guard lead >= 0xE4, lead <= 0xE9 else { i += 1; continue }
                let value = Int(lead & 0x0F) << 12 | Int(bytes[i + 1] & 0x3F) << 6 | Int(bytes[i + 2] & 0x3F)
                if value >= 0x4E00 {
                    cjk += 1
                    if flat[value - 0x4E00] != 0 { traditional += 1 }
                }
                i += 3
            }
        }
        return traditional >= 10 && traditional * 30 >= cjk
    }

    static let table: [Unicode.Scalar: Unicode.Scalar] = [
        "並": "并", "佈": "布", "來": "来", "係": "系", "個": "个", "們": "们", "側": "侧", "備": "备", "傳": "传", "價": "价",
        "儘": "尽", "優": "优", "兒": "儿", "內": "内", "兩": "两", "別": "别", "則": "则", "創": "创", "劃": "划", "動": "动",
        "務": "务", "勞": "劳", "勢": "势", "勵": "励", "區": "区", "協": "协", "參": "参", "員": "员", "問": "问", "單": "单",
        "嚴": "严", "國": "国", "圍": "围", "圖": "图", "執": "执", "堅": "坚", "報": "报", "場": "场", "夠": "够", "婦": "妇",
        "嬰": "婴", "學": "学", "實": "实", "寧": "宁", "審": "审", "寫": "写", "寶": "宝", "將": "将", "專": "专", "對": "对",
        "導": "导", "層": "层", "屬": "属", "島": "岛", "崗": "岗", "帶": "带", "幫": "帮", "廢": "废", "廣": "广", "廳": "厅",
        "張": "张", "強": "强", "後": "后", "徑": "径", "從": "从", "復": "复", "徵": "征", "徹": "彻", "態": "态", "慶": "庆",
        "應": "应", "懷": "怀", "戶": "户", "掃": "扫", "掛": "挂", "採": "采", "換": "换", "揮": "挥", "擔": "担", "據": "据",
        "擴": "扩", "擺": "摆", "數": "数", "斷": "断", "於": "于", "時": "时", "書": "书", "會": "会", "條": "条", "業": "业",
        "極": "极", "構": "构", "標": "标", "機": "机", "橫": "横", "檔": "档", "檢": "检", "欄": "栏", "權": "权", "歲": "岁",
        "歷": "历", "決": "决", "沒": "没", "況": "况", "減": "减", "測": "测", "準": "准", "滿": "满", "漢": "汉", "濟": "济",
        "灘": "滩", "為": "为", "無": "无", "熱": "热", "爭": "争", "爲": "为", "爾": "尔", "牽": "牵", "獲": "获", "現": "现",
        "環": "环", "產": "产", "當": "当", "疇": "畴", "療": "疗", "發": "发", "盡": "尽", "監": "监", "眾": "众", "瞭": "了",
        "確": "确", "碼": "码", "祕": "秘", "種": "种", "稱": "称", "積": "积", "穩": "稳", "節": "节", "範": "范", "籌": "筹",
        "籤": "签", "糾": "纠", "紀": "纪", "約": "约", "納": "纳", "紙": "纸", "級": "级", "紮": "扎", "細": "细", "終": "终",
        "組": "组", "結": "结", "絡": "络", "給": "给", "統": "统", "經": "经", "維": "维", "網": "网", "緊": "紧", "線": "线",
        "編": "编", "緻": "致", "縣": "县", "總": "总", "織": "织", "繞": "绕", "繫": "系", "繳": "缴", "繼": "继", "續": "续",
        "罰": "罚", "羅": "罗", "羣": "群", "義": "义", "習": "习", "聞": "闻", "聯": "联", "職": "职", "聽": "听", "臺": "台",
        "與": "与", "興": "兴", "舉": "举", "華": "华", "萬": "万", "著": "着", "藥": "药", "處": "处", "號": "号", "衆": "众",
        "術": "术", "衛": "卫", "衞": "卫", "裏": "里", "補": "补", "製": "制", "複": "复", "覆": "复", "覈": "核", "見": "见",
        "規": "规", "視": "视", "親": "亲", "訂": "订", "計": "计", "訊": "讯", "討": "讨", "訓": "训", "託": "托", "記": "记",
        "訟": "讼", "訪": "访", "設": "设", "許": "许", "訴": "诉", "評": "评", "詢": "询", "試": "试", "話": "话", "該": "该",
        "認": "认", "誤": "误", "說": "说", "説": "说", "調": "调", "請": "请", "論": "论", "諮": "咨", "證": "证", "識": "识",
        "議": "议", "護": "护", "讀": "读", "變": "变", "讓": "让", "豐": "丰", "負": "负", "財": "财", "貫": "贯", "責": "责",
        "費": "费", "資": "资", "質": "质", "購": "购", "較": "较", "載": "载", "輸": "输", "輿": "舆", "轉": "转", "辦": "办",
        "迴": "回", "這": "这", "連": "连", "週": "周", "進": "进", "運": "运", "過": "过", "達": "达", "違": "违", "適": "适",
        "遲": "迟", "遺": "遗", "還": "还", "郵": "邮", "鄉": "乡", "醫": "医", "釋": "释", "針": "针", "錄": "录", "錯": "错",
        "鍵": "键", "鎮": "镇", "鑑": "鉴", "長": "长", "門": "门", "開": "开", "間": "间", "閱": "阅", "閲": "阅", "關": "关",
        "陸": "陆", "陽": "阳", "隊": "队", "際": "际", "隨": "随", "隱": "隐", "隻": "只", "雙": "双", "雞": "鸡", "難": "难",
        "電": "电", "響": "响", "頁": "页", "項": "项", "須": "须", "預": "预", "領": "领", "頭": "头", "題": "题", "額": "额",
        "類": "类", "顯": "显", "養": "养", "餘": "余", "館": "馆", "饋": "馈", "駒": "驹", "驗": "验", "體": "体", "點": "点",
        "齊": "齐", "龍": "龙",
    ]
}
