"""Traditional forms of the characters that the fixed expressions use.

Pages come in both scripts (本报讯 / 本報訊, 记者 / 記者). Rather than convert every
page (OpenCC is slow and only runs when asked), each pattern accepts both forms.
"""
from __future__ import annotations

SIMPLIFIED_TO_TRADITIONAL = dict(zip(
    "报讯记员摄详见转编辑责页图实习华电发闻约体网广视续连载统号邮价许证农历总设计审读监组际启热线话资为东门专题导语览务属标准单术经济场岁龙义乐书买产亲从众优传伤众剧办务动劳势区协卫厂历县参双发变叙口吗听启呜员响团园围国图圣场坏块坚坛声处备复头夹夺奋奖妇妈孙学宁宝实宽审宾对导寿将尔尘层岁岛带帮币师帐干并广庆库应庙废开异弃张强归当录彻征径总恶恳悬惊惯战户扑执扩扫扬护报担拟拥择挂挡挥损换据举检样协欢欧残气汇汉汤沟没泽洁测济浏浓涉润涨渊渐温湾溃满滥潜灭灯灵灾炉点炼烂热焕爱牵独狮猎献环现玛珍琐瓶电画畅疗疟疯症痒瘾癣盐监盖盘眯睁矫础硕确碍礼祸离种积称税稳穷窍竞笔笼筑签简粮紧纠红纤约级纪纬纯纱纲纳纵纷纸纹纺线练组绅细织终绍经绑结绕绘给络绝统继绩绪续绳维绵综绿缓编缘缩缴网罗罚罢职联聪肃肠肤肿胀胜胆脉脑脚脱脸腊腾舰舱艰艺节芦苏苹范茎荐荣药莱获营萧萨蓝蔼虑虚虫虽蚀蛮补衬袭装里见观规视览觉誉计订认讨让训议讯记讲许论设访证评识诉诊词译试诗诚话诞询该详语误说请诸读课谁调谈谋谐谢谣谦谨谱贝负贡财责贤败货质贩贪贫购贯贴贵贷贸费贺资赋赏赔赖赛赞赠赵赶趋跃践踪车轨军轩转轮软轰轻载较辅辆辈辉输辑边辽达迁过迈运还这进远违连迟适选递逻遗邮邻郑酱释鉴钟钢钱铁银铜销锁锅锋错键锦镇镜长门闪闭问闲间闷闻阁阅队阳阴阵阶际陆陈险随隐难雾静须顶项顺预领频题颜额风飞饭馆马驱驶驻验骑骗鸟鸡黄齐龄",
    "報訊記員攝詳見轉編輯責頁圖實習華電發聞約體網廣視續連載統號郵價許證農曆總設計審讀監組際啟熱線話資為東門專題導語覽務屬標準單術經濟場歲龍義樂書買產親從眾優傳傷眾劇辦務動勞勢區協衛廠歷縣參雙發變敘口嗎聽啟嗚員響團園圍國圖聖場壞塊堅壇聲處備復頭夾奪奮獎婦媽孫學寧寶實寬審賓對導壽將爾塵層歲島帶幫幣師帳幹並廣慶庫應廟廢開異棄張強歸當錄徹徵徑總惡懇懸驚慣戰戶撲執擴掃揚護報擔擬擁擇掛擋揮損換據舉檢樣協歡歐殘氣匯漢湯溝沒澤潔測濟瀏濃涉潤漲淵漸溫灣潰滿濫潛滅燈靈災爐點煉爛熱煥愛牽獨獅獵獻環現瑪珍瑣瓶電畫暢療瘧瘋症癢癮癬鹽監蓋盤瞇睜矯礎碩確礙禮禍離種積稱稅穩窮竅競筆籠築簽簡糧緊糾紅纖約級紀緯純紗綱納縱紛紙紋紡線練組紳細織終紹經綁結繞繪給絡絕統繼績緒續繩維綿綜綠緩編緣縮繳網羅罰罷職聯聰肅腸膚腫脹勝膽脈腦腳脫臉臘騰艦艙艱藝節蘆蘇蘋範莖薦榮藥萊獲營蕭薩藍藹慮虛蟲雖蝕蠻補襯襲裝裡見觀規視覽覺譽計訂認討讓訓議訊記講許論設訪證評識訴診詞譯試詩誠話誕詢該詳語誤說請諸讀課誰調談謀諧謝謠謙謹譜貝負貢財責賢敗貨質販貪貧購貫貼貴貸貿費賀資賦賞賠賴賽贊贈趙趕趨躍踐蹤車軌軍軒轉輪軟轟輕載較輔輛輩輝輸輯邊遼達遷過邁運還這進遠違連遲適選遞邏遺郵鄰鄭醬釋鑒鐘鋼錢鐵銀銅銷鎖鍋鋒錯鍵錦鎮鏡長門閃閉問閒間悶聞閣閱隊陽陰陣階際陸陳險隨隱難霧靜須頂項順預領頻題顏額風飛飯館馬驅駛駐驗騎騙鳥雞黃齊齡",
))
# other traditional forms in use (OpenCC's standard forms where they differ)
for simplified, extra in (("启", "啓"), ("为", "爲"), ("众", "衆"), ("签", "籤"), ("里", "裏"), ("鉴", "鑑"),
                          ("钟", "鍾")):
    SIMPLIFIED_TO_TRADITIONAL[simplified] += extra
SIMPLIFIED_TO_TRADITIONAL.pop("眯", None)
TRADITIONAL_TO_SIMPLIFIED = {t: s for s, ts in SIMPLIFIED_TO_TRADITIONAL.items() for t in ts if s != t}


def both_scripts(pattern: str) -> str:
    """Make a regular expression written in simplified characters accept the
    traditional forms too.

    >>> both_scripts("本报讯")
    '本[报報][讯訊]'
    >>> both_scripts("[报讯]")
    '[报報讯訊]'
    """
    out: list[str] = []
    in_class = False
    escaped = False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
            continue
        if char == "\\":
            escaped = True
            out.append(char)
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        variant = SIMPLIFIED_TO_TRADITIONAL.get(char)
        if variant and variant != char:
            out.append(f"{char}{variant}" if in_class else f"[{char}{variant}]")
        else:
            out.append(char)
    return "".join(out)


def to_simplified(text: str) -> str:
    """Fold the traditional forms of the table back (for comparing role words).

    >>> to_simplified("通訊員")
    '通讯员'
    """
    return "".join(TRADITIONAL_TO_SIMPLIFIED.get(c, c) for c in text)
