"""Items in the bank's format shared by the exporters' tests."""

SINGLE = {"id": "rater-001", "type": "single", "stem": "RATER 指数中的 **E** 代表什么?",
          "options": ["信赖度", "专业度", "同理度"], "answer": "C", "explanation": "E 是 empathy(同理度)。"}
MULTIPLE = {"id": "mkt-002", "type": "multiple", "stem": "市场营销三要素包括(多选):",
            "options": ["人口", "价格", "购买力", "欲望"], "answer": "ACD", "explanation": "人口 + 购买力 + 欲望。"}
TRUE_FALSE = {"id": "tf-1", "type": "truefalse", "stem": "普通竞争者满足不同需求。", "answer": False,
              "explanation": "那是愿望竞争者。"}
FILL = {"id": "fill-1", "type": "fill", "stem": "顾客流失识别有{{1}}指标等四类。", "answer": [["顾客", "客户"]],
        "explanation": "顾客、市场、收入利润、竞争力。"}
FILL_MANY = {"id": "mkt-001", "type": "fill", "stem": "三大要素:{{1}} + {{2}} + {{3}}。",
             "answer": [["人口"], ["购买力"], ["欲望"]], "ordered": False, "explanation": "人口、购买力、欲望。"}
SHORT = {"id": "crm-short-001", "type": "short", "stem": "简述客户服务的功能。", "score": 5,
         "reference": "服务功能、销售功能、形象功能。",
         "points": [{"point": "服务功能", "score": 2}, {"point": "销售功能", "score": 2},
                    {"point": "形象功能", "score": 1}]}
