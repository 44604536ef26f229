#!/usr/bin/env python3
"""Convert the cited poll figures in polls.csv into yoron's tidy per-series CSVs.

Usage (from the repository root):

    python3 data/build/convert.py [PATH/TO/polls.csv]

The default input is ../shared/sources/polls.csv relative to the repository root
(/work/shared/sources/polls.csv on the project machine). Writes, next to this
script's parent folder (data/):

    genron_eai.csv  yomiuri_hankook.csv  gallup_korea.csv  cabinet_office.csv
    series.csv      README.md

Every output row is one polls.csv row; nothing is added, rounded, interpolated or
derived. The hand-made tables below (mode codes, question wording, source kinds,
conflicts, series breaks) are the only judgement in the conversion; each says
where it comes from, and the checks at the end fail loudly if polls.csv changes
under them. Python 3.11, standard library only.
"""

from __future__ import annotations

import collections
import csv
import re
import sys
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = REPO_ROOT / "data"
SOURCES_DIR = REPO_ROOT.parent / "shared" / "sources"
# The compilations, in order; each row's source_ref names its file and line.
DEFAULT_INPUTS = [SOURCES_DIR / "polls.csv", SOURCES_DIR / "polls-2.csv"]
# Data rows expected per file (SOURCES.md, SOURCES-2.md): a changed file stops the script.
EXPECTED_ROWS = {"polls.csv": 709, "polls-2.csv": 158}

SERIES = ["genron_eai", "yomiuri_hankook", "gallup_korea", "cabinet_office", "yomiuri_gallup",
          "eai_api"]

# --------------------------------------------------------------------------------------
# Series identity. A wave the compilation files under one series but whose publisher is a
# different partnership is a different series, not a wave of it: yoron's tidy format holds
# one publisher per series (its validator refuses anything else), and SOURCES-2.md says the
# partner changes are "changes of series, not just of wave". The `series` cell is the only
# cell changed; README explains each decision.
# --------------------------------------------------------------------------------------
SERIES_OF_WAVE = {
    # polls-2.csv:92-95. Publisher "East Asia Institute (EAI, Korea) with Asia-Pacific
    # Initiative (API, Japan) and Korea Economic Institute of America (KEI, US)": Genron NPO
    # took no part; the Japanese sample was API's.
    ("genron_eai", "2025_eai_api"): "eai_api",
}

POLLS_HEADER = [
    "series", "wave_id", "publisher", "sample_country", "fieldwork_start",
    "fieldwork_end", "published", "sample_size", "mode", "question_id",
    "question_text", "multi_response", "option", "percent",
    "source_publication", "seen_at", "notes",
]

TIDY_HEADER = [
    "series", "publisher", "wave", "country", "fieldwork_start", "fieldwork_end",
    "published", "n", "mode", "population", "method", "series_break", "question",
    "question_text", "question_text_ja", "question_text_ko", "response", "option",
    "option_kind", "percent", "source", "seen_at", "source_kind", "conflict",
    "conflict_note", "notes", "source_ref",
]

WAVE_FIELDS = [
    "publisher", "fieldwork_start", "fieldwork_end", "published", "n", "mode",
    "population", "method", "series_break",
]
QUESTION_FIELDS = ["question_text", "question_text_ja", "question_text_ko", "response"]

# --------------------------------------------------------------------------------------
# series.csv. Names only where SOURCES.md or polls.csv give them (section headings and
# "What/who" paragraphs of SOURCES.md); descriptions summarise each "Method (as stated)".
# Cells stay empty where no source gives an original-language name: SOURCES.md gives no
# Japanese or Korean title for the Yomiuri-Hankook survey (Hankook's headlines vary by
# year) nor a Korean name for the Daily Opinion, and the Cabinet Office survey has no
# Korean title.
# --------------------------------------------------------------------------------------
SERIES_META = {
    "genron_eai": {
        "name": "Genron NPO / East Asia Institute Japan-Korea Joint Public Opinion Poll",
        "name_ja": "日韓共同世論調査",
        "name_ko": "한일 국민 상호인식조사",
        "description": (
            "Annual joint survey since 2013 by the Japanese non-profit The Genron NPO and "
            "Korea's East Asia Institute (EAI), with roughly 1,000 respondents per country. "
            "Japan: in-home placement, self-administered questionnaire collected by a "
            "visiting interviewer (訪問留置回収法), adults 18+; Korea: face-to-face interviews "
            "by Hankook Research (19+ in 2014 and 2016, 18+ in 2021 and 2022), and an online "
            "survey for the 2024 Korean side."
        ),
    },
    "yomiuri_hankook": {
        "name": "Yomiuri Shimbun / Hankook Ilbo joint opinion survey",
        "name_ja": "",
        "name_ko": "",
        "description": (
            "Joint survey of the Japanese and South Korean public by the Yomiuri Shimbun and "
            "the Hankook Ilbo; Yomiuri says the relations question has been asked since 1995 "
            "and the trust question since 1996 (the 2007 wave was a Japan-China-Korea survey "
            "with Liaowang Dongfang Weekly, face-to-face). Telephone surveys where the mode is "
            "stated from 2013 on, about 1,000 respondents per country (2025: voters 18+, JP "
            "1,014 / KR 1,000)."
        ),
    },
    "gallup_korea": {
        "name": "Gallup Korea Daily Opinion and related Gallup Korea surveys",
        "name_ja": "",
        "name_ko": "",
        "description": (
            "Gallup Korea's weekly Daily Opinion omnibus: telephone interviews of about 1,000 "
            "Korean adults (mobile RDD frame 2016-2017, CATI with random mobile virtual numbers "
            "in 2025; 19+ in 2017, 18+ in 2025; ±3.1pt), plus other Gallup Korea polls. The "
            "March 2007 point is a Gallup Korea-Japan Research Center face-to-face survey of "
            "1,502 Koreans, not the Daily Opinion series."
        ),
    },
    "cabinet_office": {
        "name": "Cabinet Office of Japan, Public Opinion Survey on Diplomacy",
        "name_ja": "外交に関する世論調査",
        "name_ko": "",
        "description": (
            "Annual government survey by the Cabinet Office (内閣府; formerly 総理府) Public "
            "Relations Office, every fiscal year since FY1975 except FY1976, of 3,000 sampled "
            "Japanese nationals; the target age was lowered from 20+ to 18+ in FY2016. "
            "Face-to-face interviews by survey officers through FY2019, postal questionnaire "
            "from FY2020; the sources warn results are not directly comparable across the "
            "change."
        ),
    },
    # SOURCES-2.md (table row and notes) and the polls-2.csv rows: name, JP title from
    # source_publication, method from the stated waves.
    # polls-2.csv:92-95 (publisher, source_publication, notes) and SOURCES-2.md.
    "eai_api": {
        "name": "East Asia Institute / Asia-Pacific Initiative Korea-Japan mutual perception survey",
        "name_ja": "",
        "name_ko": "한일 국민상호인식 조사",
        "description": (
            "The 2025 Korea-Japan survey of the East Asia Institute (EAI) with the Asia-Pacific "
            "Initiative (API) as the Japanese partner and the Korea Economic Institute of America "
            "(KEI), released 2025-08-28 with a first Korea-US-Japan survey. EAI numbers it the 12th "
            "Korea-Japan survey, continuing its count from the Genron NPO-EAI poll, but Genron NPO "
            "took no part: bundled as its own series (KR n 1,585, JP n 1,037), not as a wave of "
            "genron_eai."
        ),
    },
    "yomiuri_gallup": {
        "name": "Yomiuri Shimbun / Gallup Japan-US joint opinion survey",
        "name_ja": "日米共同世論調査",
        "name_ko": "",
        "description": (
            "Joint survey of the Japanese and US public by the Yomiuri Shimbun and Gallup. "
            "Bundled: the Japanese sample's multiple-answer question on countries or regions "
            "that could become a military threat to Japan (asked since 2006). Telephone where "
            "the mode is stated (2017: computer-aided RDD, landline and mobile), about 1,000 "
            "Japanese respondents where n is stated (2010 1,022; 2017 1,025; 2019 1,024); the "
            "2022 wave was the first in two years. No US-sample figure is bundled: no source "
            "row has one."
        ),
    },
}

# --------------------------------------------------------------------------------------
# polls.csv `mode` text -> (mode code, population). Hand-made for every distinct text so
# each decision is visible; a new text in polls.csv stops the script. Codes are derived
# only from what the text says for that wave.
# --------------------------------------------------------------------------------------
MODE_TABLE = {
    "": ("", ""),
    # genron_eai
    "face-to-face interview": ("face_to_face", ""),
    "face-to-face interview; 19+": ("face_to_face", "19+"),
    "face-to-face interview; 18+": ("face_to_face", "18+"),
    "door-to-door home-visit (placement); 18+ excluding high-school students": (
        "placement", "18+ excluding high-school students"),
    "in-home placement, self-administered, collected by visiting interviewer (訪問留置回収法)": (
        "placement", ""),
    "in-home placement, self-administered, collected by visiting interviewer (訪問留置回収法); 18+": (
        "placement", "18+"),
    "online": ("online", ""),
    # yomiuri_hankook. 2013: Yomiuri says telephone, KBS says "telephone and
    # face-to-face"; the text names both modes for the wave, so `mixed` (the brief's rule),
    # and `method` keeps both claims verbatim.
    "telephone per Yomiuri (電話方式); KBS reports 'telephone and face-to-face'; n as reported by KBS": (
        "mixed", ""),
    "telephone per Yomiuri (電話方式); KBS reports 'telephone and face-to-face'": ("mixed", ""),
    "telephone (1,010 valid of 1,799 households, 56%)": ("telephone", ""),
    "telephone (Korea Research for Hankook Ilbo)": ("telephone", ""),
    "telephone": ("telephone", ""),
    "telephone interview (Yomiuri in-house); 18+": ("telephone", "18+"),
    "wired/wireless telephone interview (Hankook Research); 18+": ("telephone", "18+"),
    "telephone; voters 18+": ("telephone", "voters 18+"),
    # yomiuri_gallup (polls-2.csv)
    "telephone (電話方式)": ("telephone", ""),
    "telephone, computer-aided RDD, landline and mobile": ("telephone", ""),
    # gallup_korea
    "telephone interviewer, mobile RDD frame; response rate 23%; ±3.1pt": ("telephone", ""),
    "telephone; ±3.1pt": ("telephone", ""),
    "telephone interviewer, mobile RDD frame; adults 19+; response rate 20%; ±3.1pt": (
        "telephone", "adults 19+"),
    "telephone interviewer; response rate 15%; ±3.1pt": ("telephone", ""),
    "CATI telephone interview, random mobile virtual numbers; 18+; contact rate 42.1%, response rate 13.4%; ±3.1pt": (
        "telephone", "18+"),
    # cabinet_office
    "face-to-face interview; 20+; 3,000 sampled, response 68.9%": ("face_to_face", "20+"),
    # polls-2.csv: FY1999 (Mindan), FY2002 (Asahi via Dong-A), FY2010 (TAXCOM)
    "face-to-face interview (面談); 20+; 3,000 sampled, response 70.1% (Mindan)": (
        "face_to_face", "20+"),
    "20+; 3,000 sampled": ("", "20+"),
    "face-to-face interview (調査員による個別面接聴取); 20+; 3,000 sampled, response 65.1%": (
        "face_to_face", "20+"),
    "face-to-face interview; 20+; 3,000 sampled, response 58.5%": ("face_to_face", "20+"),
    "20+; 3,000 sampled, response 56.8%": ("", "20+"),
    # FY2008: "interview" does not say face-to-face or telephone; left empty.
    "interview": ("", ""),
    "20+; 3,000 sampled, response 61.7%": ("", "20+"),
    "adults; 3,000 sampled, response 65.1%": ("", "adults"),
    "face-to-face interview; 20+; 3,000 sampled, response 63.7%": ("face_to_face", "20+"),
    "face-to-face interview; 20+; 3,000 sampled, response 61.3%": ("face_to_face", "20+"),
    "20+; 3,000 sampled, response 60%": ("", "20+"),
    "face-to-face interview; 20+; 3,000 sampled, response 60.0%": ("face_to_face", "20+"),
    "18+; 3,000 sampled, response 60.1%": ("", "18+"),
    "face-to-face interview (by survey officers); 18+; 3,000 sampled, response 60.1%": (
        "face_to_face", "18+"),
    "18+; 3,000 sampled, response 55.4%": ("", "18+"),
    "face-to-face interview; 18+; 3,000 sampled, response 53.6%": ("face_to_face", "18+"),
    "postal questionnaire (first time; previously face-to-face); 18+; 3,000 sampled, response 62.2%": (
        "postal", "18+"),
    "postal (method since FY2020)": ("postal", ""),
    "postal; 18+": ("postal", "18+"),
    "postal; 18+; 3,000 sampled, response 55%": ("postal", "18+"),
    "postal; 18+; 3,000 sampled, response 57.8%": ("postal", "18+"),
}
MODE_CODES = {"", "face_to_face", "telephone", "postal", "online", "placement", "mixed"}

# --------------------------------------------------------------------------------------
# Series breaks and notes, written to breaks.csv (one row each) and, for the breaks that
# concern a whole wave, to the `series_break` column of every row of that wave.
#   kind:   mode | population | partner | wording | different_survey | note
#   extent: from = the break is before this wave and stays (a change of method);
#           only = this wave alone differs (a break before it and after it)
#   question: empty = every question of the wave
# `note` is explicitly not a break: it is recorded so that the decision is visible, and
# trends do not split there. Every row says why and where the sources say so; README lists
# each decision. A break is written on the FIRST wave whose stated method shows the change;
# where the waves between are not stated, the reason says so (the change may be earlier).
# --------------------------------------------------------------------------------------
BREAK_KINDS = ("mode", "population", "partner", "wording", "different_survey", "note")
BREAKS = [
    # SOURCES.md 4, "Method (as stated)"; polls.csv FY2020 mode text says "first time;
    # previously face-to-face" and the FY2020 affinity row notes "not directly comparable".
    dict(series="cabinet_office", wave="FY2020", country="JP", question="", kind="mode",
         extent="from", source="SOURCES.md 4 (Method); polls.csv FY2020 method text",
         reason="mode change: face-to-face interviews by survey officers through FY2019, postal "
                "questionnaire from FY2020; the sources warn results are not directly comparable "
                "across the change"),
    # SOURCES.md 4: "the target age was lowered from 20+ to 18+ in FY2016" (official FY2017
    # overview); the FY2016 rows state 18+.
    dict(series="cabinet_office", wave="FY2016", country="JP", question="", kind="population",
         extent="from", source="SOURCES.md 4 (Method: official FY2017 overview); polls.csv FY2016 "
                               "method text",
         reason="population change: Japanese nationals 20+ through FY2015, 18+ from FY2016"),
    # polls.csv FY2015 rows: fieldwork 2016-01-07..17; the comfort-women agreement was
    # announced 2015-12-28 (SOURCES.md 3/4 context; the paper's section 4).
    dict(series="cabinet_office", wave="FY2015", country="JP", question="", kind="note",
         extent="only", source="polls.csv FY2015 fieldwork dates (2016-01-07 to 2016-01-17)",
         reason="not a break: the FY2015 survey was fielded 2016-01-07 to 2016-01-17, after the "
                "December 2015 Japan-Korea agreement on the comfort-women issue; same method"),
    # SOURCES.md 1, "Method (as stated)": Korea face-to-face in the waves whose mode is
    # stated (2014, 2016, 2020-2022), "The 2024 Korean side was an online survey"; polls.csv
    # 2024 notes and polls-2.csv:91 (NoCut News: EAI alone, no agreement with Genron NPO).
    dict(series="genron_eai", wave="2024_12th", country="KR", question="", kind="mode",
         extent="from", source="SOURCES.md 1 (Method); polls-2.csv:91 notes (NoCut News 2024)",
         reason="mode change: Korean sample interviewed face-to-face in every earlier wave whose "
                "mode is stated (2014, 2016, 2020-2022; 2023 not stated), online survey in 2024; "
                "the sources do not assess comparability across the change"),
    dict(series="genron_eai", wave="2024_12th", country="KR", question="", kind="partner",
         extent="from", source="SOURCES-2.md (notes); polls-2.csv:91 notes (NoCut News 2024)",
         reason="partner change: the 2024 survey was run by EAI alone in Korea (Genron NPO and EAI "
                "could not agree on content and timing; no Japanese sample); the 2025 survey, with "
                "the Asia-Pacific Initiative as Japanese partner, is the separate series eai_api"),
    # SOURCES.md 1: Korea 19+ (2014, 2016), 18+ (2021, 2022); 2013, 2015, 2017-2020 not stated.
    dict(series="genron_eai", wave="2021_9th", country="KR", question="", kind="population",
         extent="from", source="SOURCES.md 1 (Method); polls.csv 2021_9th method text",
         reason="population change: Korean sample 19+ where stated (2014, 2016), 18+ where stated "
                "from 2021 (2021, 2022); 2017-2020 not stated, so the change may be earlier"),
    # SOURCES.md 1: Japanese fieldwork by 世論総合研究所 (2013-2015), 輿論科学協会 (2016-2017).
    dict(series="genron_eai", wave="2016_4th", country="JP", question="", kind="note",
         extent="from", source="SOURCES.md 1 (Method: partners)",
         reason="not a break: the Japanese fieldwork contractor changed from 世論総合研究所 "
                "(2013-2015) to 輿論科学協会 (2016-2017) with the same in-home placement method, "
                "population and questionnaire; the sources do not warn of a change"),
    # polls.csv:39 notes: "Donga/Yonhap word it as 'biggest/most threatening'; Yonhap
    # describes the same multi-country threat question as 2013".
    dict(series="genron_eai", wave="2014_2nd", country="KR", question="military_threat",
         kind="note", extent="only", source="polls.csv:39 notes",
         reason="not a break: Dong-A and Yonhap word the 2014 item as the 'biggest/most "
                "threatening' country, but Yonhap describes it as the same multiple-answer threat "
                "question as 2013; the press wording, not a new question"),
    # SOURCES.md 2, "Method (as stated)": "2007 face-to-face in Japan and Korea",
    # telephone (電話方式) in 2013 (KBS: telephone and face-to-face); 2010 and 2011 not stated.
    *[dict(series="yomiuri_hankook", wave="2013", country=c, question="", kind="mode",
           extent="from", source="SOURCES.md 2 (Method)",
           reason="mode change: the 2007 wave (a Japan-China-Korea survey) was face-to-face; 2013 "
                  "was by telephone per Yomiuri (telephone and face-to-face per KBS); 2010 and "
                  "2011 modes not stated")
      for c in ("JP", "KR")],
    # polls.csv:434 notes and SOURCES.md 3: Gallup Korea-Japan Research Center joint survey,
    # face-to-face, n 1,502, option "friendly" (not "favorable").
    dict(series="gallup_korea", wave="2007-03", country="KR", question="", kind="different_survey",
         extent="only", source="SOURCES.md 3; polls.csv:434 notes",
         reason="different survey: a Gallup Korea-Japan Research Center joint survey, face-to-face, "
                "n 1,502, answer 'friendly', not the telephone Daily Opinion favourability series"),
    # SOURCES.md 3: adults 19+ (2017), 18+ (2025); 2019 and 2022 waves not stated.
    dict(series="gallup_korea", wave="2025-08-12", country="KR", question="", kind="population",
         extent="from", source="SOURCES.md 3 (Method); polls.csv 2017-02-14 and 2025-08-12 method texts",
         reason="population change: adults 19+ where stated (2017-02-14), 18+ in 2025 (CATI with "
                "random mobile virtual numbers, against a mobile RDD frame with interviewers in "
                "2016-2017); 2019 and 2022 waves not stated, so the change may be earlier"),
    # Suspicious sizes and possible duplicates, checked against SOURCES.md and both files:
    # none can be fixed from a source, so each is a note (not a break) on its wave.
    # SOURCES.md 2 (Method): "KBS reports KR 1,000 / JP 2,120 'by telephone and
    # face-to-face'"; Yomiuri's own report gives no n; 2014 JP 1,010 valid.
    dict(series="yomiuri_hankook", wave="2013", country="JP", question="", kind="note",
         extent="only", source="SOURCES.md 2 (Method); polls.csv:210-248 method text",
         reason="sample size flag: n 2,120 is KBS's figure for a survey KBS calls 'telephone and "
                "face-to-face' while Yomiuri says telephone; the other waves whose n is stated have "
                "about 1,000 (2014 JP 1,010); no other source gives the 2013 JP n, so it is kept as "
                "published, but intervals that use it may be too narrow"),
    # SOURCES.md 1: "2018 19 May-3 Jun (2,014 total)"; the 2018_6th rows carry no n.
    *[dict(series="genron_eai", wave="2018_6th", country=c, question="", kind="note",
           extent="only", source="SOURCES.md 1 (Method: fieldwork/n by wave)",
           reason="sample size flag: only a combined n of 2,014 for both samples is published "
                  "(SOURCES.md); it is not a per-country n and is not used: n stays empty")
      for c in ("JP", "KR")],
    # polls.csv:499: "cited for 2019 in the 2025 release", no dates; polls.csv:464-466 are
    # the July 2019 Daily Opinion (favorability toward Japan, released 2019-07-12).
    dict(series="gallup_korea", wave="2019", country="KR", question="", kind="note",
         extent="only", source="polls.csv:499 and polls.csv:464-466; SOURCES.md 3",
         reason="possible duplicate wave: the 2019 figure for Japanese people (cited in the 2025 "
                "release, no dates) may come from the same poll as wave 2019-07 (favorability "
                "toward Japan, July 2019); no source says which, so the two stay separate waves "
                "(they share no question, so no figure is counted twice)"),
    # polls.csv:454 notes: Q '위안부 문제를 재협상해야 한다고 보십니까' (the comfort-women *issue*).
    dict(series="gallup_korea", wave="2016-08-30", country="KR",
         question="cw_agreement_renegotiation", kind="wording", extent="only",
         source="polls.csv:454 notes (the Korean question)",
         reason="wording: the 2016-08-30 wave asked whether the comfort-women issue (위안부 문제) "
                "should be renegotiated, not the agreement"),
]

# --------------------------------------------------------------------------------------
# Question wording per (series, question). Every polls.csv question_text that contains
# Japanese or Korean must have an entry: (expected polls.csv text, English, Japanese,
# Korean). The Japanese/Korean cells are substrings of the polls.csv text (checked), never
# translations. Texts whose original-language part is answer-option labels rather than
# the question keep the whole text in English and leave ja/ko empty.
# Questions without an entry copy question_text unchanged and have empty ja/ko.
# --------------------------------------------------------------------------------------
MT_TEXT = (
    "Countries or regions you feel pose a military threat (multiple answers). KR original: "
    "군사적 위협이 된다고 생각하는 국가(복수응답); JP: 軍事的脅威を感じる国・地域(複数回答)"
)
MT_EN = "Countries or regions you feel pose a military threat (multiple answers)"
AFFINITY_KOREA_TEXT = (
    "Do you feel affinity toward South Korea? (あなたは、韓国に親しみを感じますか、それとも感じませんか) "
    "5-point: 親しみを感じる / どちらかというと親しみを感じる / わからない / どちらかというと親しみを感じない / "
    "親しみを感じない; *_total = sum of the two"
)
QUESTION_TEXTS = {
    # polls.csv question_text; the same wording is quoted in SOURCES.md 1 (Method).
    ("genron_eai", "military_threat"): (
        MT_TEXT, MT_EN, "軍事的脅威を感じる国・地域(複数回答)", "군사적 위협이 된다고 생각하는 국가(복수응답)"),
    # polls.csv repeats the Genron/EAI wording here, but SOURCES.md gives it for Genron/EAI
    # only and no source gives Yomiuri/Hankook's wording: ja/ko left empty.
    ("yomiuri_hankook", "military_threat"): (MT_TEXT, MT_EN, "", ""),
    # polls-2.csv question_text; SOURCES-2.md gives the same English description. The
    # Japanese wording is the Yomiuri question for the Japanese sample.
    ("yomiuri_gallup", "military_threat"): (
        "Countries or regions you think will become a military threat to your country (multiple "
        "answers). JP: 自国にとって軍事的脅威になると思う国・地域(複数回答); question asked since 2006",
        "Countries or regions you think will become a military threat to your country (multiple "
        "answers); question asked since 2006",
        "自国にとって軍事的脅威になると思う国・地域(複数回答)", ""),
    # polls.csv question_text; SOURCES.md 1 quotes the same JP wording (from J-CAST).
    # The corner brackets are quotation marks in the text, not part of the wording.
    ("genron_eai", "impression_of_other"): (
        "Impression of the other country (JP asked about South Korea; KR asked about Japan). "
        "'good' = good + relatively good; 'bad' = not good + relatively not good. JP original: "
        "「あなたは、相手国に対してどのような印象を持っていますか」",
        "Impression of the other country (JP asked about South Korea; KR asked about Japan). "
        "'good' = good + relatively good; 'bad' = not good + relatively not good.",
        "あなたは、相手国に対してどのような印象を持っていますか", ""),
    # The same polls.csv wording on the 2025 EAI-API rows (polls-2.csv:92-95).
    ("eai_api", "impression_of_other"): (
        "Impression of the other country (JP asked about South Korea; KR asked about Japan). "
        "'good' = good + relatively good; 'bad' = not good + relatively not good. JP original: "
        "「あなたは、相手国に対してどのような印象を持っていますか」",
        "Impression of the other country (JP asked about South Korea; KR asked about Japan). "
        "'good' = good + relatively good; 'bad' = not good + relatively not good.",
        "あなたは、相手国に対してどのような印象を持っていますか", ""),
    # Japanese part = answer labels, not the question: whole text kept.
    ("yomiuri_hankook", "trust_other"): (
        "Can you trust the other country? (JP: 信頼できる/信頼できない)",
        "Can you trust the other country? (JP: 信頼できる/信頼できない)", "", ""),
    # Japanese/Korean parts = answer labels / a keyword, not the question: whole text kept.
    ("yomiuri_hankook", "affinity_other"): (
        "Do you feel affinity (closeness) toward the other country? (JP: 親しみを感じる/感じない; KR: 친밀감)",
        "Do you feel affinity (closeness) toward the other country? (JP: 親しみを感じる/感じない; KR: 친밀감)",
        "", ""),
    # polls.csv question_text (its source is not named; notes at polls.csv:271 quote
    # Record China's differently worded Japanese rendering of the Korean question).
    ("yomiuri_hankook", "us_or_china_importance"): (
        "For your country, which will become more important in future, the United States or "
        "China? (JP: 自国にとって、米国と中国のどちらが重要になると思うか)",
        "For your country, which will become more important in future, the United States or China?",
        "自国にとって、米国と中国のどちらが重要になると思うか", ""),
    # polls.csv question_text; SOURCES.md 3 quotes the same wording (Jeonju MBC 2025).
    ("gallup_korea", "favorability_japan"): (
        "Do you have a favorable feeling toward Japan? (귀하는 일본에 대해 호감이 가십니까? 호감이 가지 않습니까)",
        "Do you have a favorable feeling toward Japan?",
        "", "귀하는 일본에 대해 호감이 가십니까? 호감이 가지 않습니까"),
    # polls.csv question_text; SOURCES.md 4 quotes the same wording (NHK data file). The
    # 5-point answer labels stay in the English text: they describe the options.
    ("cabinet_office", "affinity_korea"): (
        AFFINITY_KOREA_TEXT,
        "Do you feel affinity toward South Korea? 5-point: 親しみを感じる / どちらかというと親しみを感じる / "
        "わからない / どちらかというと親しみを感じない / 親しみを感じない; *_total = sum of the two",
        "あなたは、韓国に親しみを感じますか、それとも感じませんか", ""),
    # Japanese part = answer labels: whole text kept.
    ("cabinet_office", "relations_korea_good"): (
        "Are current Japan-South Korea relations good overall? (良好だと思う+まあ良好だと思う / "
        "あまり良好だと思わない+良好だと思わない)",
        "Are current Japan-South Korea relations good overall? (良好だと思う+まあ良好だと思う / "
        "あまり良好だと思わない+良好だと思わない)", "", ""),
    # polls.csv question_text (short forms as given there).
    ("cabinet_office", "affinity_china"): (
        "Do you feel affinity toward China? (中国に親しみを感じますか)",
        "Do you feel affinity toward China?", "中国に親しみを感じますか", ""),
    ("cabinet_office", "affinity_us"): (
        "Do you feel affinity toward the United States? (アメリカに親しみを感じますか)",
        "Do you feel affinity toward the United States?", "アメリカに親しみを感じますか", ""),
    ("cabinet_office", "affinity_russia"): (
        "Do you feel affinity toward Russia? (ロシアに親しみを感じますか)",
        "Do you feel affinity toward Russia?", "ロシアに親しみを感じますか", ""),
    ("cabinet_office", "relations_us_good"): (
        "Are current Japan-US relations good overall? (現在の日本とアメリカとの関係は全体として良好だと思うか)",
        "Are current Japan-US relations good overall?",
        "現在の日本とアメリカとの関係は全体として良好だと思うか", ""),
    # Japanese part = answer labels: whole text kept.
    ("cabinet_office", "relations_korea_important"): (
        "Is future development of Japan-South Korea relations important for both countries and "
        "the Asia-Pacific? (重要だと思う+まあ重要だと思う)",
        "Is future development of Japan-South Korea relations important for both countries and "
        "the Asia-Pacific? (重要だと思う+まあ重要だと思う)", "", ""),
}
# Where each filled ja/ko wording was read (for README); must cover exactly the entries
# above with a non-empty ja or ko cell.
WORDING_FROM = {
    ("genron_eai", "military_threat"): "polls.csv question_text; SOURCES.md 1 quotes the same",
    ("genron_eai", "impression_of_other"): (
        "polls.csv question_text; SOURCES.md 1 quotes the same (J-CAST)"),
    ("yomiuri_gallup", "military_threat"): "polls-2.csv question_text (the JP sample's wording)",
    ("eai_api", "impression_of_other"): (
        "polls-2.csv question_text (the Genron/EAI wording repeated on the 2025 rows)"),
    ("yomiuri_hankook", "us_or_china_importance"): (
        "polls.csv question_text (its source is not named; may be an article's paraphrase)"),
    ("gallup_korea", "favorability_japan"): (
        "polls.csv question_text; SOURCES.md 3 quotes the same (Jeonju MBC 2025)"),
    ("cabinet_office", "affinity_korea"): (
        "polls.csv question_text; SOURCES.md 4 quotes the same (NHK data file)"),
    ("cabinet_office", "affinity_china"): "polls.csv question_text (short form as given)",
    ("cabinet_office", "affinity_us"): "polls.csv question_text (short form as given)",
    ("cabinet_office", "affinity_russia"): "polls.csv question_text (short form as given)",
    ("cabinet_office", "relations_us_good"): "polls.csv question_text",
}
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u1100-\u11ff]")

# --------------------------------------------------------------------------------------
# option_kind. `*_total` are the publishers' sums of scale points (SOURCES.md,
# Conventions). Gallup Korea's `withheld` (don't know / no answer / opinion withheld in one
# category) is dk_na.
# polls.csv has no separate don't-know or no-answer option; every other option is a
# substantive answer (including middle points such as `unchanged`, `neither_normal`).
# --------------------------------------------------------------------------------------
OPTION_KIND_EXPLICIT = {
    "withheld": "dk_na",
}


# Questions whose figures are separate yes-shares of one sample rather than mutually
# exclusive answers. polls.csv records gallup_korea leader_favorability (2019-11-19) as
# single-response, but it is a battery of one favourable/unfavourable item per leader, so the
# shares sum to 151; statistically each is a share of the same sample that may overlap with
# the others, which is what yoron's `multi` format means.
BATTERIES = {("gallup_korea", "leader_favorability")}


def response_format(series, question, multi_response):
    if (series, question) in BATTERIES:
        return "multi"
    return "multi" if multi_response == "true" else "single"


def option_kind(option: str) -> str:
    if option in OPTION_KIND_EXPLICIT:
        return OPTION_KIND_EXPLICIT[option]
    if option.endswith("_total"):
        return "net"
    return "substantive"


# --------------------------------------------------------------------------------------
# source_kind, judged by the FIRST url of seen_at (the primary reading per SOURCES.md).
# Primary: the publisher's own release/page, or a news outlet's (or wire service's) own
# article, also when carried by a licensed portal, an AMP/CDN host or an archive snapshot.
# Secondary: blogs, forums/bulletin boards and their archives, unlicensed copies,
# aggregators, document-transcript sites, pages reposting or translating other outlets'
# articles, and the paper.
# --------------------------------------------------------------------------------------
DOMAIN_KIND = {
    # publishers' own pages and releases
    "genron-npo.net": ("primary", "Genron NPO's own pages and press releases"),
    "dreamnews.jp": ("primary", "press release by Genron NPO via a release-distribution service"),
    "survey.gov-online.go.jp": ("primary", "official Cabinet Office results page"),
    # news outlets' own articles
    "donga.com": ("primary", "Dong-A Ilbo"),
    "www.hankookilbo.com": ("primary", "Hankook Ilbo"),
    "hankookilbo.com": ("primary", "Hankook Ilbo"),
    "www.yomiuri.co.jp": ("primary", "Yomiuri Shimbun"),
    "japannews.yomiuri.co.jp": ("primary", "The Japan News (Yomiuri)"),
    "mainichi.jp": ("primary", "Mainichi Shimbun"),
    "www.japantimes.co.jp": ("primary", "Japan Times (incl. Kyodo copy)"),
    "asia.nikkei.com": ("primary", "Nikkei Asia"),
    "ajw-origin.potaufeu.asahi.com": ("primary", "Asahi Shimbun AJW (origin host)"),
    "www.nishinippon.co.jp": ("primary", "Nishinippon Shimbun"),
    "sankeibiz.jp": ("primary", "SankeiBiz"),
    "j-cast.com": ("primary", "J-CAST News"),
    "economic.jp": ("primary", "Economic News"),
    "www.fnn.jp": ("primary", "FNN"),
    "prod-news.global.ssl.fastly.net": ("primary", "Mynavi News (CDN host)"),
    "mindan.org": ("primary", "Mindan newspaper"),
    "s.japanese.joins.com": ("primary", "JoongAng Ilbo Japanese edition"),
    "world.kbs.co.kr": ("primary", "KBS World"),
    "wwwpre.recordchina.co.jp": ("primary", "Record China"),
    "news.goo.ne.jp": ("primary", "Record China's article on the goo news portal"),
    "edaily.co.kr": ("primary", "Edaily"),
    "news.zum.com": ("primary", "Edaily's article on the zum news portal"),
    "www.newdaily.co.kr": ("primary", "New Daily"),
    "newsis.com": ("primary", "Newsis"),
    "sedaily.com": ("primary", "Seoul Economic Daily"),
    "www.newsin.co.kr": ("primary", "Newsin"),
    "m.pressna.com": ("primary", "Issue Time / Press News"),
    "www.womennews.co.kr": ("primary", "Women News"),
    "polinews.co.kr": ("primary", "Polinews"),
    "www.ifocus.kr": ("primary", "Focus Daily"),
    "www.wikitree.co.kr": ("primary", "Wikitree / News1"),
    "www.gooddailynews.co.kr": ("primary", "Good Daily News"),
    "www.dailiang.co.kr": ("primary", "Daily Jungang"),
    "www.ajunews.com": ("primary", "Aju Business Daily"),
    "www.kmib.co.kr": ("primary", "Kukmin Ilbo"),
    "www.moneys.co.kr": ("primary", "Money S"),
    # polls-2.csv hosts: news outlets' own articles, also on licensed portals
    "www.asahi.com": ("primary", "Asahi Shimbun"),
    "www.donga.com": ("primary", "Dong-A Ilbo"),
    "english.kyodonews.net": ("primary", "Kyodo News"),
    "www.taxcom.co.jp": ("primary", "TAXCOM news (tax and business news site's own article)"),
    "biz.heraldcorp.com": ("primary", "Herald Business"),
    "heraldk.com": ("primary", "Herald Korea's own article citing Kyodo"),
    "hankyung.com": ("primary", "Korea Economic Daily (Yonhap text)"),
    "www.hankyung.com": ("primary", "Korea Economic Daily (Yonhap text)"),
    "www4.ajunews.com": ("primary", "Aju Business Daily"),
    "m.koreaherald.com": ("primary", "Korea Herald"),
    "web.insight.co.kr": ("primary", "Insight (AMP page)"),
    "sputniknews.jp": ("primary", "Sputnik Japan"),
    "kimtaku.com": ("primary", "Korean-language Japan news site (notes: moderate authority)"),
    "v.daum.net": ("primary", "News1's article on the Daum news portal"),
    "news.livedoor.com": ("primary", "J-CAST's article on the livedoor news portal"),
    "news.mixi.jp": ("primary", "Jiji's article on the mixi news portal"),
    "www.asianewsnet.net": ("primary", "Yomiuri's article carried by Asia News Network "
                                       "(news-paper alliance)"),
    # wire services' own text carried by a news organisation
    "koreatimesus.com": ("primary", "Yonhap wire text carried by Korea Times US"),
    "www01.koreaherald.com": ("primary", "Yonhap wire item on Korea Herald"),
    "www.nippon.com": ("primary", "Jiji wire feed on nippon.com"),
    "oananews.org": ("primary", "Kyodo/Jiji wire text on OANA (news-agency alliance)"),
    "www.oananews.org": ("primary", "Kyodo/Jiji wire text on OANA (news-agency alliance)"),
    "m.oananews.org": ("primary", "Kyodo/Jiji wire text on OANA (news-agency alliance)"),
    # secondary: reposts/translations of other outlets' articles
    "jmh.usembassy.gov": ("secondary", "US Embassy translation of Japanese press articles"),
    "sportsseoulusa.com": ("secondary", "repost of a Hankook Ilbo article"),
    "louthonline.com": ("secondary", "repost of a Taiwan News article"),
    "nhiroba.com": ("secondary", "repost of a Yomiuri article"),
    "trecome.info": ("secondary", "copy of a Yomiuri article"),
    "easyjapanese.net": ("secondary", "copy of an NHK article"),
    "www.tellerreport.com": ("secondary", "English rendering of an NHK article"),
    "mailman.lbo-talk.org": ("secondary", "mailing-list copy of a wire article"),
    "oyabe-hangul.webnode.jp": ("secondary", "study-site repost of a Korean article"),
    # secondary: blogs
    "soidong.khan.kr": ("secondary", "blog (Kyunghyang correspondent's blog)"),
    "eibitochuu.blog53.fc2.com": ("secondary", "personal blog"),
    "newsworks.blog12.fc2.com": ("secondary", "blog repost of a news article"),
    "egysinbad3.blogspot.com": ("secondary", "blog repost of a Kyodo article"),
    "fuseishoyo-roku.cocolog-nifty.com": ("secondary", "personal blog"),
    "ratio.sakura.ne.jp": ("secondary", "blog quoting Yomiuri"),
    "specificasia.blog.jp": ("secondary", "blog translating Hankook Ilbo"),
    "zenshow.net": ("secondary", "blog quoting Yomiuri"),
    "japannewsnavi.com": ("secondary", "blog quoting the official result text"),
    # secondary: forums, bulletin boards and their archives, bookmarks
    "fate.5ch.net": ("secondary", "5ch bulletin board"),
    "kizuna.5ch.net": ("secondary", "5ch bulletin board"),
    "lavender.5ch.net": ("secondary", "5ch bulletin board"),
    "greta.5ch.net": ("secondary", "5ch bulletin board"),
    "next2ch.net": ("secondary", "2ch repost"),
    "yomi.tokyo": ("secondary", "2ch archive"),
    "mimizun.com": ("secondary", "2ch archive"),
    "2nn.jp": ("secondary", "2ch news aggregator"),
    "b.hatena.ne.jp": ("secondary", "Hatena bookmarks"),
    "theqoo.net": ("secondary", "theqoo forum"),
    "pianoall.com": ("secondary", "forum repost"),
    # polls-2.csv hosts
    "hayabusa9.5ch.net": ("secondary", "5ch bulletin board"),
    "asyura2.com": ("secondary", "forum repost of a Sankei article"),
    "newseveryday.jp": ("secondary", "forum repost quoting Mainichi"),
    "1bang.kr": ("secondary", "repost of a Yonhap article"),
    "navi-area26-10.hatenadiary.org": ("secondary", "blog quoting Yomiuri"),
    "questionnaire.blog16.fc2.com": ("secondary", "personal summary blog"),
    "kitaho.or.jp": ("secondary", "an association's clipping of press articles"),
    "hqproductreviews.com": ("secondary", "proxy copy of a Nikkei article"),
}
# Hosts that wrap another page: judged by the wrapped page (all news outlets' own
# articles here, hence primary).
ARCHIVE_TARGET_KIND = {
    "megalodon.jp": {
        "mainichi.jp": ("primary", "Mainichi Shimbun via megalodon.jp archive"),
        "www.nhk.or.jp": ("primary", "NHK data file via megalodon.jp archive"),
        "www3.nhk.or.jp": ("primary", "NHK News via megalodon.jp archive"),
        "www.asahi.com": ("primary", "Asahi Shimbun via megalodon.jp archive"),
    },
    "web.archive.org": {
        "english.chosun.com": ("primary", "Chosun Ilbo English via web.archive.org"),
    },
    "www.google.co.jp": {
        "www.asahi.com": ("primary", "Asahi Shimbun via Google AMP cache"),
    },
}
# eai.or.kr hosts both EAI's own reports and "EAI in media" reposts of other outlets'
# articles; the board parameter tells them apart.
EAI_HOSTS = {"eai.or.kr", "www.eai.or.kr"}
EAI_BOARD_KIND = {
    "eng_reports": ("primary", "EAI's own report (Opinion Review)"),
    "kor_eaiinmedia": ("secondary", "EAI 'in media' repost/translation of another outlet"),
    "eng_eaiinmedia": ("secondary", "EAI 'in media' repost/translation of another outlet"),
}
PAPER_PREFIX = 'Junya Nishino, "Japan\'s Security Relationship with the Republic of Korea'


def classify_source(seen_at: str) -> tuple[str, str]:
    """Return (source_kind, the table entry used) for the first url of seen_at."""
    first = seen_at.split(" | ")[0].strip()
    if first.startswith(PAPER_PREFIX):
        return "paper", "paper (Nishino 2017)"
    parts = urlsplit(first)
    host = parts.netloc.lower()
    if host in EAI_HOSTS:
        board = re.search(r"board=([a-z_]+)", parts.query)
        if board is None or board.group(1) not in EAI_BOARD_KIND:
            raise SystemExit(f"unclassified eai.or.kr page: {first}")
        kind, _ = EAI_BOARD_KIND[board.group(1)]
        return kind, f"{host} board={board.group(1)}"
    if host in ARCHIVE_TARGET_KIND:
        for target, (kind, _) in ARCHIVE_TARGET_KIND[host].items():
            if f"/{target}/" in first or f"/{target}:" in first:
                return kind, f"{host} -> {target}"
        raise SystemExit(f"unclassified archived page: {first}")
    if host not in DOMAIN_KIND:
        raise SystemExit(f"unclassified source host {host!r} in: {first}")
    return DOMAIN_KIND[host][0], host


# --------------------------------------------------------------------------------------
# Conflicts: the keys (series, wave, country, question, option) with several rows in
# polls.csv, each row identified by its percent. Reasons from SOURCES.md ("Conflicts
# between sources") and the polls.csv notes on the rows.
# --------------------------------------------------------------------------------------
CONFLICTS = {
    ("genron_eai", "2013_1st", "KR", "military_threat", "china"): {
        "47.8": ("preferred",
                 "Preferred: printed by all contemporaneous 2013 reports and repeated by Yonhap in "
                 "2014, against a single later Dong-A citation."),
        "39.6": ("alternative",
                 "Alternative: a single later citation (Dong-A 2014-07-11) that contradicts all 2013 "
                 "reports and Yonhap 2014 (47.8), likely an error in that article."),
    },
    ("genron_eai", "2013_1st", "JP", "impression_of_other", "bad_total"): {
        "37.3": ("preferred",
                 "Preferred: given by the co-publisher's own EAI Opinion Review (2015) and consistent "
                 "with Mainichi 2014 reporting 2014's 54.4 as +17.1pt."),
        "37.7": ("alternative",
                 "Alternative: printed only by Dong-A 2013-05-08, against the co-publisher EAI's 37.3 "
                 "that Mainichi 2014's +17.1pt change also supports."),
    },
    ("genron_eai", "2019_7th", "KR", "impression_of_other", "good_total"): {
        "31.7": ("preferred",
                 "Preferred: printed by the contemporaneous 2019 reports (Nishinippon, Jiji via 5ch), "
                 "against a later 2020 citation."),
        "31.3": ("alternative",
                 "Alternative: a later citation of the 2019 figure in a 2020 J-CAST article; the 2019 "
                 "reports print 31.7."),
    },
    ("yomiuri_hankook", "2007", "JP", "relations_current", "good_total"): {
        "72.3": ("preferred",
                 "Preferred: the more precise figure given by the co-publisher Hankook Ilbo (2013), "
                 "of which Yomiuri's printed 72 is the rounding."),
        "72": ("alternative",
               "Alternative: Yomiuri's whole-percent print (seen in a blog quote), the rounding of "
               "Hankook Ilbo's 72.3."),
    },
    ("yomiuri_hankook", "2020", "KR", "relations_current", "bad_total"): {
        "90.3": ("preferred",
                 "Preferred: the contemporaneous 2020 report (KBS, from Hankook Ilbo) with the "
                 "Hankook decimal used for the Korean sample, against a later Yomiuri citation."),
        "91": ("alternative",
               "Alternative: Yomiuri's 2021 citation of the 2020 figure (seen via 5ch and a blog), "
               "later than and different from the contemporaneous 90.3."),
    },
    ("yomiuri_hankook", "2022", "KR", "relations_current", "good_total"): {
        "17.6": ("preferred",
                 "Preferred: the Hankook Ilbo decimal for the Korean sample reported in 2022 (Record "
                 "China, Edaily), matching very good 0.1 + fairly good 17.5."),
        "17": ("alternative",
               "Alternative: Yomiuri's later whole-percent citation (2023, via 5ch) of the 2022 "
               "figure, against Hankook's 17.6."),
    },
    ("cabinet_office", "FY2015", "JP", "affinity_korea", "not_feel_total"): {
        "64.7": ("preferred",
                 "Preferred: printed by Yomiuri, Kyodo, Jiji, Mynavi, Sputnik, KBS and JoongAng, and "
                 "consistent with FY2016's 59.1 being reported as -5.6pt."),
        "66.7": ("alternative",
                 "Alternative: given only by a personal blog reading the Cabinet Office website, "
                 "against 64.7 in all news reports."),
    },
    ("cabinet_office", "FY2019", "JP", "relations_korea_good", "not_good_total"): {
        "87.9": ("preferred",
                 "Preferred: printed by Nikkei, Jiji (nippon.com) and Nikkei Asia, against a single "
                 "outlet."),
        "87.8": ("alternative",
                 "Alternative: printed only by the JoongAng Ilbo Japanese edition, which also gives a "
                 "different fieldwork start (10 vs 19 October)."),
    },
    # polls-2.csv's five CONFLICT rows (SOURCES-2.md notes); the polls.csv counterparts are
    # the rows named in their notes.
    ("genron_eai", "2015_3rd", "KR", "relations_current", "bad_total"): {
        "78.3": ("preferred",
                 "Preferred: read in a news outlet's own article (SankeiBiz 2016-07-20); both figures "
                 "are 2016 citations of the 2015 wave, the other a repost on EAI's in-media board."),
        "78.2": ("alternative",
                 "Alternative: a 2016 article reposted on EAI's in-media board, against SankeiBiz "
                 "2016-07-20's 78.3; both cite the 2015 wave a year later."),
    },
    ("genron_eai", "2021_9th", "KR", "impression_of_other", "bad_total"): {
        "63.2": ("preferred",
                 "Preferred: given by Genron NPO's own release (dreamnews), Mindan, JPNews and TV Asahi "
                 "for 2021."),
        "73.2": ("alternative",
                 "Alternative: a single 2022 repost (1bang.kr) citing the 2021 figure, against 63.2 in "
                 "Genron NPO's release and three outlets; probably a typo."),
    },
    ("genron_eai", "2024_12th", "KR", "impression_of_other", "good_total"): {
        "41.7": ("preferred",
                 "Preferred: the 2024 reports (EAI's page, NoCut News 2024), against a citation a year "
                 "later."),
        "41.8": ("alternative",
                 "Alternative: cited as the 2024 figure in August 2025 reports (Herald Business, Aju), "
                 "a year after the 2024 reports that give 41.7."),
    },
    ("yomiuri_gallup", "2020", "JP", "military_threat", "china"): {
        "77": ("preferred",
               "Preferred: the Yomiuri text of 2022-12-15 (5ch repost) cites 77 for 2020; the other "
               "figure is a personal blog's summary."),
        "61": ("alternative",
               "Alternative: a personal summary blog (questionnaire.blog16) prints 61, against the "
               "Yomiuri text's 77; 61 is also the blog's US-sample Russia 2020 figure, so probably "
               "mis-copied."),
    },
}


# --------------------------------------------------------------------------------------
# Waves whose rows in the two compilations give different wave-level facts (checked: any
# other difference stops the script). The later compilation read a fuller report of the
# same wave; its method text contains the earlier one's facts and adds n or the mode, so
# every row of the wave takes the wave fields of the named row. Nothing else changes.
# --------------------------------------------------------------------------------------
WAVE_METADATA = {
    ("cabinet_office", "FY2008", "JP"): (
        "polls-2.csv:16",
        "polls.csv gives no n; polls-2.csv gives n 1,826 from Hankook Ilbo 2008-12-08 (same dates, "
        "same method text 'interview')"),
    ("cabinet_office", "FY2010", "JP"): (
        "polls-2.csv:18",
        "polls.csv's method text 'adults; 3,000 sampled, response 65.1%' is the TAXCOM report's "
        "'face-to-face interview (調査員による個別面接聴取); 20+; 3,000 sampled, response 65.1%' "
        "without the mode and age, and gives no n; polls-2.csv gives n 1,953 (same dates)"),
}


# --------------------------------------------------------------------------------------


BREAK_HEADER = ["series", "wave", "country", "question", "kind", "extent", "reason", "source"]


def check_breaks(tidy: list[dict[str, str]]) -> None:
    """Every break names a wave (and question) of the data, from the closed sets."""
    keys = {(t["series"], t["wave"], t["country"], t["question"]) for t in tidy}
    for b in BREAKS:
        assert list(b) == BREAK_HEADER or set(b) == set(BREAK_HEADER), b
        assert b["kind"] in BREAK_KINDS and b["extent"] in ("from", "only"), b
        assert b["reason"] and b["source"], b
        assert any(k[:3] == (b["series"], b["wave"], b["country"])
                   and (not b["question"] or k[3] == b["question"]) for k in keys), b


def wave_break_text(series: str, wave: str, country: str) -> str:
    """The `series_break` cell: the reasons of the wave-wide breaks of that wave, joined."""
    return "; ".join(b["reason"] for b in BREAKS
                     if (b["series"], b["wave"], b["country"]) == (series, wave, country)
                     and not b["question"] and b["kind"] != "note")


def read_polls(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Rows of polls.csv with the 1-based physical line where each record starts."""
    with path.open(encoding="utf-8", newline="") as f:
        head = f.read(1)
        if head == "\ufeff":
            raise SystemExit(f"{path}: unexpected byte-order mark")
        f.seek(0)
        reader = csv.reader(f)
        header = next(reader)
        if header != POLLS_HEADER:
            raise SystemExit(f"{path}: unexpected header {header}")
        rows = []
        previous_end = reader.line_num
        for record in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if len(record) != len(header):
                raise SystemExit(f"{path}:{start}: expected {len(header)} fields, found {len(record)}")
            rows.append((start, dict(zip(header, record))))
    return rows


def is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def tidy_row(ref: str, p: dict[str, str]) -> dict[str, str]:
    series = SERIES_OF_WAVE.get((p["series"], p["wave_id"]), p["series"])
    wave = p["wave_id"]
    country = p["sample_country"]
    question = p["question_id"]
    if p["mode"] not in MODE_TABLE:
        raise SystemExit(f"{ref}: mode text not in MODE_TABLE: {p['mode']!r}")
    mode, population = MODE_TABLE[p["mode"]]
    entry = QUESTION_TEXTS.get((series, question))
    if entry is None:
        if CJK.search(p["question_text"]):
            raise SystemExit(f"{ref}: question text with original wording needs a "
                             f"QUESTION_TEXTS entry for {(series, question)}")
        text_en, text_ja, text_ko = p["question_text"], "", ""
    else:
        expected, text_en, text_ja, text_ko = entry
        if p["question_text"] != expected:
            raise SystemExit(f"{ref}: question text changed for {(series, question)}")
        # ja/ko are cut out of the polls.csv text; English is that text with parts deleted.
        if not all(part in expected for part in (text_ja, text_ko)) or not is_subsequence(
                text_en, expected):
            raise SystemExit(f"{ref}: wording not taken from the polls.csv text "
                             f"for {(series, question)}")
    if p["multi_response"] not in ("true", "false"):
        raise SystemExit(f"{ref}: multi_response {p['multi_response']!r}")
    key = (series, wave, country, question, p["option"])
    conflict, conflict_note = "", ""
    if key in CONFLICTS:
        if p["percent"] not in CONFLICTS[key]:
            raise SystemExit(f"{ref}: percent {p['percent']} not in conflict table for {key}")
        conflict, conflict_note = CONFLICTS[key][p["percent"]]
    source_kind, _ = classify_source(p["seen_at"])
    return {
        "series": series,
        "publisher": p["publisher"],
        "wave": wave,
        "country": country,
        "fieldwork_start": p["fieldwork_start"],
        "fieldwork_end": p["fieldwork_end"],
        "published": p["published"],
        "n": p["sample_size"],
        "mode": mode,
        "population": population,
        "method": p["mode"],
        "series_break": wave_break_text(series, wave, country),
        "question": question,
        "question_text": text_en,
        "question_text_ja": text_ja,
        "question_text_ko": text_ko,
        "response": response_format(series, question, p["multi_response"]),
        "option": p["option"],
        "option_kind": option_kind(p["option"]),
        "percent": p["percent"],
        "source": p["source_publication"],
        "seen_at": p["seen_at"],
        "source_kind": source_kind,
        "conflict": conflict,
        "conflict_note": conflict_note,
        "notes": p["notes"],
        "source_ref": ref,
    }


def merge_wave_metadata(tidy: list[dict[str, str]]) -> list[dict[str, str]]:
    """Give every row of a wave in WAVE_METADATA the wave fields of the row named there."""
    for key, (ref, _) in WAVE_METADATA.items():
        [chosen] = [t for t in tidy if t["source_ref"] == ref]
        assert (chosen["series"], chosen["wave"], chosen["country"]) == key, (key, ref)
        for t in tidy:
            if (t["series"], t["wave"], t["country"]) == key:
                t.update({f: chosen[f] for f in WAVE_FIELDS if f != "series_break"})
    return tidy


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n",
                                quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        writer.writerows(rows)


def read_back(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == TIDY_HEADER, (path, reader.fieldnames)
        return list(reader)


def half_unit(percent: str) -> Decimal:
    """Half a unit of the last printed digit: 59.0 -> 0.05, 80 -> 0.5."""
    decimals = len(percent.split(".")[1]) if "." in percent else 0
    return Decimal(5) / Decimal(10) ** (decimals + 1)


def check(polls: list[tuple[str, dict[str, str]]],
          tidy: list[dict[str, str]]) -> tuple[list[str], int]:
    """Assert the invariants; return the single-response sum flags and the groups checked."""
    # 1. every source row is in the output exactly once
    assert len(tidy) == len(polls) == sum(EXPECTED_ROWS.values()), (len(tidy), len(polls))
    want = collections.Counter(
        (SERIES_OF_WAVE.get((p["series"], p["wave_id"]), p["series"]), p["wave_id"], p["sample_country"], p["question_id"], p["option"], p["percent"])
        for _, p in polls)
    got = collections.Counter(
        (t["series"], t["wave"], t["country"], t["question"], t["option"], t["percent"]) for t in tidy)
    assert want == got, (want - got, got - want)
    assert sorted(t["source_ref"] for t in tidy) == sorted(ref for ref, _ in polls)

    # 2. wave- and question-level fields are constant within their groups
    for fields, keyf in ((WAVE_FIELDS, lambda t: (t["series"], t["wave"], t["country"])),
                         (QUESTION_FIELDS, lambda t: (t["series"], t["question"]))):
        seen: dict[tuple, tuple] = {}
        for t in tidy:
            values = tuple(t[f] for f in fields)
            first = seen.setdefault(keyf(t), values)
            assert first == values, (keyf(t), first, values, t["source_ref"])

    # 3. conflicts: exactly 8 duplicate keys, each with one preferred, all others alternative
    by_key = collections.defaultdict(list)
    for t in tidy:
        by_key[(t["series"], t["wave"], t["country"], t["question"], t["option"])].append(t)
    dup = {k: v for k, v in by_key.items() if len(v) > 1}
    assert len(dup) == 12 and set(dup) == set(CONFLICTS), sorted(dup)
    for k, rows in by_key.items():
        marks = sorted(t["conflict"] for t in rows)
        if len(rows) == 1:
            assert marks == [""] and rows[0]["conflict_note"] == "", k
        else:
            assert marks == ["alternative"] * (len(rows) - 1) + ["preferred"], (k, marks)
            assert all(t["conflict_note"] for t in rows), k

    # 4. provenance present, closed vocabularies respected
    for t in tidy:
        ref = t["source_ref"]
        assert t["source"] and t["seen_at"], ref
        assert t["source_kind"] in ("primary", "secondary", "paper"), ref
        assert t["mode"] in MODE_CODES, ref
        assert t["country"] in ("JP", "KR"), ref
        assert t["option_kind"] in ("substantive", "net", "dont_know", "no_answer", "dk_na"), ref
        assert re.fullmatch(r"\d{1,3}(\.\d+)?", t["percent"]) and Decimal(t["percent"]) <= 100, ref

    # 5. single-response sums per (series, wave, country, question), alternatives left out
    groups = collections.defaultdict(lambda: {"non_net": [], "net": []})
    for t in tidy:
        if t["response"] != "single" or t["conflict"] == "alternative":
            continue
        part = "net" if t["option_kind"] == "net" else "non_net"
        groups[(t["series"], t["wave"], t["country"], t["question"])][part].append(t["percent"])
    flags = []
    print("single-response sums (series wave country question: non-net | net):")
    for key, parts in groups.items():
        cells = []
        for part in ("non_net", "net"):
            values = parts[part]
            if not values:
                cells.append("-")
                continue
            total = sum(Decimal(v) for v in values)
            limit = 100 + sum(half_unit(v) for v in values)
            mark = ""
            if total > limit:
                mark = " FLAG"
                flags.append(f"{' '.join(key)}: {part} options sum to {total} "
                             f"(> {limit}) from {' + '.join(values)}")
            cells.append(f"{total} ({len(values)}){mark}")
        print(f"  {' '.join(key)}: {cells[0]} | {cells[1]}")
    return flags, len(groups)


def md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def readme(tidy: list[dict[str, str]], flags: list[str], sum_groups: int) -> str:
    """Fill the README template's placeholders from the data and the tables above."""
    template = (Path(__file__).with_name("README.in.md")).read_text(encoding="utf-8")
    by_series = {s: [t for t in tidy if t["series"] == s] for s in SERIES}
    host_of = {t["source_ref"]: classify_source(t["seen_at"])[1] for t in tidy}

    parts = []
    for s in SERIES:
        rows = by_series[s]
        meta = SERIES_META[s]
        names = " / ".join(n for n in (meta["name_ja"], meta["name_ko"]) if n)
        kinds = collections.Counter(t["source_kind"] for t in rows)
        waves = collections.defaultdict(list)
        for t in rows:
            if t["wave"] not in waves[t["country"]]:
                waves[t["country"]].append(t["wave"])
        n_conf = sum(1 for k in CONFLICTS if k[0] == s)
        breaks = sorted({(t["wave"], t["country"]) for t in rows if t["series_break"]})
        parts.append(f"### `{s}` — {meta['name']}" + (f" ({names})" if names else ""))
        parts.append("")
        parts.append(f"- **Publisher** (as in polls.csv): {rows[0]['publisher']}")
        parts.append(f"- **What it is:** {meta['description']}")
        for c in ("JP", "KR"):
            if waves[c]:
                parts.append(f"- **Waves covered, {c} sample** ({len(waves[c])}, polls.csv order): "
                             + ", ".join(waves[c]))
        parts.append(f"- **Rows:** {len(rows)} — primary {kinds['primary']}, secondary "
                     f"{kinds['secondary']}, paper {kinds['paper']}; {n_conf} conflict key(s); series break on: "
                     + (", ".join(f"{w} {c}" for w, c in breaks) or "none"))
        parts.append("- **Sources used** (`source` = the publication reported; where first read, "
                     "with rows per page host; kind of that first reading):")
        parts.append("")
        parts.append("| source (polls.csv `source_publication`) | rows | first read at (rows) | kind |")
        parts.append("|---|---|---|---|")
        by_source = collections.defaultdict(list)
        for t in rows:
            by_source[t["source"]].append(t)
        for src, srows in by_source.items():
            hosts = collections.Counter(host_of[t["source_ref"]] for t in srows)
            skinds = collections.Counter(t["source_kind"] for t in srows)
            parts.append(f"| {md_cell(src)} | {len(srows)} | "
                         + ", ".join(f"{h} ({n})" for h, n in hosts.items()) + " | "
                         + ", ".join(f"{k} {n}" for k, n in sorted(skinds.items())) + " |")
        parts.append("")
    series_md = "\n".join(parts).rstrip()

    counts = collections.Counter(t["method"] for t in tidy)
    in_series = collections.defaultdict(set)
    for t in tidy:
        in_series[t["method"]].add(t["series"])
    modes = ["| polls.csv `mode` text (= `method`) | `mode` | `population` | rows (series) |",
             "|---|---|---|---|"]
    for text, (code, pop) in MODE_TABLE.items():
        shown = f"`{md_cell(text)}`" if text else "(empty)"
        modes.append(f"| {shown} | {code or '(empty)'} | {pop or '(empty)'} | {counts[text]} ("
                     + ", ".join(x for x in SERIES if x in in_series[text]) + ") |")

    options = collections.Counter(t["option"] for t in tidy)
    kinds_md = ["| `option_kind` | rule | options in the data (rows) |", "|---|---|---|"]
    rules = {
        "net": "a publisher's sum of scale points: every `*_total` option",
        "dk_na": "combined don't know / no answer / opinion withheld (Gallup Korea's `withheld`)",
        "dont_know": "a separate don't-know option",
        "no_answer": "a separate no-answer option",
        "substantive": "every other option (answers, incl. middle points `unchanged`, "
                       "`neither_normal`, `maintain_as_is`)",
    }
    for kind in ("net", "dk_na", "dont_know", "no_answer", "substantive"):
        names = sorted(o for o in options if option_kind(o) == kind)
        listed = ", ".join(f"`{o}` ({options[o]})" for o in names) or "none in polls.csv"
        kinds_md.append(f"| `{kind}` | {rules[kind]} | {listed} |")

    host_rows = collections.Counter(host_of.values())
    sk = ["| first page host (or rule) | kind | what | rows |", "|---|---|---|---|"]
    entries = [(h, k, w, host_rows[h]) for h, (k, w) in DOMAIN_KIND.items()]
    for host, targets in ARCHIVE_TARGET_KIND.items():
        for target, (k, w) in targets.items():
            label = f"{host} -> {target}"
            entries.append((label, k, w, host_rows[label]))
    for host in sorted(EAI_HOSTS):
        for board, (k, w) in EAI_BOARD_KIND.items():
            label = f"{host} board={board}"
            if host_rows[label]:
                entries.append((label, k, w, host_rows[label]))
    entries.append(("paper (Nishino 2017)", "paper", "the paper, polls.csv's last 7 rows",
                    host_rows["paper (Nishino 2017)"]))
    for h, k, w, n in sorted(entries, key=lambda e: (e[1], -e[3], e[0])):
        sk.append(f"| {h} | {k} | {w} | {n} |")
    total = collections.Counter(t["source_kind"] for t in tidy)
    sk.append("")
    sk.append(f"Totals: primary {total['primary']}, secondary {total['secondary']}, paper "
              f"{total['paper']} of {len(tidy)} rows.")

    ref = collections.defaultdict(dict)
    for t in tidy:
        key = (t["series"], t["wave"], t["country"], t["question"], t["option"])
        if key in CONFLICTS:
            ref[key][t["percent"]] = t["source_ref"]
    conf = ["| series | wave | country | question | option | preferred | alternative | why |",
            "|---|---|---|---|---|---|---|---|"]
    for key, marks in CONFLICTS.items():
        pref = [p for p, (m, _) in marks.items() if m == "preferred"][0]
        alts = [p for p, (m, _) in marks.items() if m == "alternative"]
        conf.append("| " + " | ".join(key) + f" | {pref} ({ref[key][pref]}) | "
                    + ", ".join(f"{a} ({ref[key][a]})" for a in alts)
                    + f" | {md_cell(marks[pref][1])} |")

    br = ["| series | wave | country | question | kind | extent | rows | reason | source |",
          "|---|---|---|---|---|---|---|---|---|"]
    for b in BREAKS:
        n = sum(1 for t in tidy if (t["series"], t["wave"], t["country"]) == (b["series"], b["wave"], b["country"])
                and (not b["question"] or t["question"] == b["question"]))
        br.append(f"| {b['series']} | {b['wave']} | {b['country']} | {b['question'] or '(all)'} | "
                  f"{b['kind']} | {b['extent']} | {n} | {md_cell(b['reason'])} | {md_cell(b['source'])} |")

    wording = ["| series | question | `question_text_ja` | `question_text_ko` | from |",
               "|---|---|---|---|---|"]
    for (s, q), (_, _, ja, ko) in QUESTION_TEXTS.items():
        if ja or ko:
            wording.append(f"| {s} | {q} | {ja} | {ko} | {WORDING_FROM[(s, q)]} |")

    if flags:
        sums = [f"Checked {sum_groups} (series, wave, country, question) groups; flagged:", ""]
        sums += [f"- {f}" for f in flags]
    else:
        sums = [f"Checked {sum_groups} (series, wave, country, question) groups; none flagged."]

    out = template
    for name, text in (("SERIES", series_md), ("MODES", "\n".join(modes)),
                       ("OPTION_KINDS", "\n".join(kinds_md)), ("SOURCE_KINDS", "\n".join(sk)),
                       ("CONFLICTS", "\n".join(conf)), ("BREAKS", "\n".join(br)),
                       ("WORDING", "\n".join(wording)), ("SUMS", "\n".join(sums))):
        placeholder = f"@@{name}@@"
        assert out.count(placeholder) == 1, placeholder
        out = out.replace(placeholder, text)
    assert "@@" not in out
    return out


def main(argv: list[str]) -> int:
    if not __debug__:
        raise SystemExit("the checks are asserts: run without -O")
    paths = [Path(a) for a in argv[1:]] or DEFAULT_INPUTS
    if [p.name for p in paths] != list(EXPECTED_ROWS):
        raise SystemExit(f"expected the inputs {' and '.join(EXPECTED_ROWS)}, in that order")
    polls: list[tuple[str, dict[str, str]]] = []
    inputs = []
    for path in paths:
        rows = read_polls(path)
        physical_lines = path.read_bytes().count(b"\n")
        # No field holds a newline, so record start line == physical line (checked here).
        assert [line for line, _ in rows] == list(range(2, physical_lines + 1)), "multi-line record"
        assert len(rows) == EXPECTED_ROWS[path.name], (path, len(rows))
        polls += [(f"{path.name}:{line}", p) for line, p in rows]
        inputs.append(f"{path} ({len(rows)} data rows, lines 2-{physical_lines})")

    tidy = merge_wave_metadata([tidy_row(ref, p) for ref, p in polls])
    by_series = {s: [t for t in tidy if t["series"] == s] for s in SERIES}
    assert sum(len(v) for v in by_series.values()) == len(tidy), "unknown series"

    for s, rows in by_series.items():
        write_csv(DATA_DIR / f"{s}.csv", TIDY_HEADER, rows)
    publisher = {s: rows[0]["publisher"] for s, rows in by_series.items()}
    write_csv(DATA_DIR / "series.csv",
              ["series", "name", "name_ja", "name_ko", "publisher", "description"],
              [{"series": s, "publisher": publisher[s], **SERIES_META[s]} for s in SERIES])

    check_breaks(tidy)
    write_csv(DATA_DIR / "breaks.csv", BREAK_HEADER, BREAKS)
    written = [t for s in SERIES for t in read_back(DATA_DIR / f"{s}.csv")]
    assert written == [t for s in SERIES for t in by_series[s]], "read-back differs from what was written"
    flags, sum_groups = check(polls, written)
    filled = {k for k, (_, _, ja, ko) in QUESTION_TEXTS.items() if ja or ko}
    assert filled == set(WORDING_FROM), filled ^ set(WORDING_FROM)
    (DATA_DIR / "README.md").write_text(readme(written, flags, sum_groups), encoding="utf-8")

    print()
    for line in inputs:
        print(f"input: {line}")
    for s in SERIES:
        rows = by_series[s]
        kinds = collections.Counter(t["source_kind"] for t in rows)
        waves = list(dict.fromkeys(t["wave"] for t in rows))
        print(f"  {s}: {len(rows)} rows, {len(waves)} waves, primary {kinds['primary']}, "
              f"secondary {kinds['secondary']}, paper {kinds['paper']}")
    kinds = collections.Counter(t["source_kind"] for t in tidy)
    print(f"  total: {len(tidy)} rows, primary {kinds['primary']}, secondary {kinds['secondary']}, "
          f"paper {kinds['paper']}")
    print(f"conflict keys: {len(CONFLICTS)}")
    for key, marks in CONFLICTS.items():
        pref = [p for p, (m, _) in marks.items() if m == "preferred"][0]
        alt = [p for p, (m, _) in marks.items() if m == "alternative"]
        print(f"  {' '.join(key)}: preferred {pref}, alternative {', '.join(alt)}")
    breaks = collections.Counter((t["series"], t["wave"], t["country"]) for t in tidy if t["series_break"])
    print("series breaks: " + "; ".join(f"{' '.join(k)} ({n} rows)" for k, n in breaks.items()))
    print("single-response sum flags: " + (str(len(flags)) if flags else "none"))
    for f in flags:
        print("  " + f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
