"""Synthetic pages of one site for the template tests (written here, not copied from any corpus)."""

VILLAGES = ("东坑", "西岭", "南塘", "北坪", "上庄", "下湾")
CROPS = ("脐橙", "茶叶", "蔬菜", "油茶", "花卉", "肉牛")


def site_page(number: int) -> str:
    village, crop = VILLAGES[number - 1], CROPS[number - 1]
    return (
        f"您当前的位置 : 某某新闻网 > 新闻中心 > 要闻\n\n{village}村的{crop}脱贫路\n\n"
        f"2019-01-2{number} 08:53    来源: 某某日报\n\n"
        f"  {village}村今年脱贫{number * 100}人,依靠{crop}产业,群众收入明显增加。\n\n"
        "  本网欢迎各界踊跃提供新闻线索\n\n"
        f"  记者在{village}村走访发现,{crop}基地带动贫困户增收{number * 10}户。\n"
    )
