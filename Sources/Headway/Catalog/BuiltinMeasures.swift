// SPDX-License-Identifier: GPL-3.0-or-later
// The built-in measures. Every value that is not nil carries a citation; values that could
// not be confirmed against a published source are left nil and explained in `notes`.
// See CATALOG.md for the same data as a table.

enum Cite {
    // Terminology codes (LOINC, SNOMED CT): each read on the page named, on 2026-12-07.
    static let loincPHQ9 = "LOINC 44261-6 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]', member of panel 44249-1 'PHQ-9 quick depression assessment panel [Reported.PHQ]' (Regenstrief LOINC, https://loinc.org/44261-6)"
    static let loincGAD7 = "LOINC 70274-6 'Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]' (Regenstrief LOINC, listed in panel 69729-2, https://loinc.org/69729-2)"
    static let loincGAD7Panel = "LOINC 69737-5 'Generalized anxiety disorder 7 item (GAD-7)' panel: given in the Wikipedia GAD-7 infobox (secondary source; the loinc.org page itself was not read)"
    static let loincPHQ2 = "LOINC 55758-7 'Patient Health Questionnaire 2 item (PHQ-2) total score [Reported]', member of panel 55757-9 'Patient Health Questionnaire 2 item (PHQ-2) [Reported]' (Regenstrief LOINC, https://loinc.org/55757-9)"
    static let loincPCL5 = "LOINC 101698-9 'PTSD PCL-5 score [PCL-5]' and panel 101697-1 'Post traumatic stress disorder checklist - civilian version DSM-5 [PCL-5]' (Regenstrief LOINC term pages as reproduced by findacode.com and healthassure.in; loinc.org not read)"
    static let loincBDI2 = "LOINC 89209-1 'Beck Depression Inventory II total score [BDI]' (Regenstrief LOINC term page as reproduced by healthassure.in; loinc.org not read)"
    static let mundt2002 = "Mundt, Marks, Shear & Greist (2002). The Work and Social Adjustment Scale: a simple measure of impairment in functioning. Br J Psychiatry 180:461-464 (five items scored 0-8, total 0-40; test-retest correlation .73; Cronbach's alpha .70-.94 across samples)"
    static let mundt2002Bands = "Mundt et al. (2002), Br J Psychiatry 180:461-464, as quoted in scoring guides (socasresourcehub.com, scribd 'scoring the WSAS'): above 20 moderately severe or worse psychopathology; 10-20 significant functional impairment; below 10 subclinical"
    static let cox1987 = "Cox, Holden & Sagovsky (1987). Detection of postnatal depression: development of the 10-item Edinburgh Postnatal Depression Scale. Br J Psychiatry 150:782-786 (ten items scored 0-3, total 0-30)"
    static let cox1987Summary = "Cox et al. (1987), Br J Psychiatry 150:782-786, as summarised in Vivilaki et al. (2009), BMC Public Health 9:329: cut-off 12/13 (sensitivity 86%, specificity 78%) and coefficient alpha 0.87"
    static let loincEPDS = "LOINC 71354-5 'Edinburgh Postnatal Depression Scale [EPDS]' panel (Regenstrief LOINC term page as reproduced by healthassure.in; loinc.org not read)"
    static let goodman1997 = "Goodman (1997). The Strengths and Difficulties Questionnaire: a research note. J Child Psychol Psychiatry 38(5):581-586 (25 items in five scales of five items scored 0-2; total difficulties = the four difficulty scales, 0-40)"
    static let sdqBands = "SDQ UK parent-report bands (sdqinfo.org, as tabulated in Table 2 of 'Validation of the parent version of the SDQ ... in Mongolia', BMC Psychiatry 2021, 21:176): total difficulties 0-13 normal, 14-16 borderline, 17-40 abnormal"
    static let wing1998 = "Wing, Beevor, Curtis, Park, Hadden & Burns (1998). Health of the Nation Outcome Scales (HoNOS): research and development. Br J Psychiatry 172:11-18 (12 scales rated 0-4)"
    static let honosMeteor = "Australian Institute of Health and Welfare, METeOR 575161 'Health of the Nation Outcome Scale score code N': each of the twelve scales 0-4; total 0 to 48"
    static let chorpita2000 = "Chorpita, Yim, Moffitt, Umemoto & Francis (2000). Assessment of symptoms of DSM-IV anxiety and depression in children: a Revised Child Anxiety and Depression Scale. Behav Res Ther 38(8):835-855"
    static let rcadsGuide = "Chorpita, Ebesutani & Spence (2020). Revised Children's Anxiety and Depression Scale User's Guide (UCLA Child FIRST): 47 items rated on a 4-point scale (0-3); Total Internalizing Scale = sum of all six subscales, 0-141"
    static let duncan2003 = "Duncan, Miller, Sparks, Claud, Reynolds, Brown & Johnson (2003). The Session Rating Scale: preliminary psychometric properties of a 'working' alliance measure. J Brief Ther 3(1):3-12 (four 10-cm visual analogue items, 0-10 each, total 0-40)"
    static let srsCutoff = "Duncan et al. (2003), J Brief Ther 3(1):3-12, as summarised by psychologyroots.org and hiboop.com: a total of 36 or below signals a possible alliance problem"
    static let kroenke2003 = "Kroenke, Spitzer & Williams (2003). The Patient Health Questionnaire-2: validity of a two-item depression screener. Med Care 41(11):1284-1292 (two PHQ-9 items scored 0-3, total 0-6; a score >= 3 is the recommended screening cut-off)"
    static let kroenke2001 = "Kroenke, Spitzer & Williams (2001). The PHQ-9: validity of a brief depression severity measure. J Gen Intern Med 16(9):606-613"
    static let kocalevent2013 = "Kocalevent, Hinz & Brähler (2013). Standardization of the depression screener Patient Health Questionnaire (PHQ-9) in the general population. Gen Hosp Psychiatry 35(5):551-555"
    static let nhsTT = "NHS England. NHS Talking Therapies for anxiety and depression Manual (formerly the IAPT Manual): caseness PHQ-9 >= 10 and GAD-7 >= 8; reliable improvement = decrease of >= 6 (PHQ-9) or >= 4 (GAD-7)"
    static let spitzer2006 = "Spitzer, Kroenke, Williams & Löwe (2006). A brief measure for assessing generalized anxiety disorder: the GAD-7. Arch Intern Med 166(10):1092-1097"
    static let lowe2008 = "Löwe, Decker, Müller, Brähler, Schellberg, Herzog & Herzberg (2008). Validation and standardization of the Generalized Anxiety Disorder Screener (GAD-7) in the general population. Med Care 46(3):266-274"
    static let barkham2013 = "Barkham, Bewick, Mullin, Gilbody, Connell, Cahill, Mellor-Clark, Richards, Unsworth & Evans (2013). The CORE-10: a short measure of psychological distress for routine use in the psychological therapies. Couns Psychother Res 13(1):3-13"
    static let core10Manual = "Connell & Barkham (2007). CORE-10 User Manual, Version 1.0. CORE System Trust / CORE Information Management Systems"
    static let evans2002 = "Evans, Connell, Barkham, Margison, McGrath, Mellor-Clark & Audin (2002). Towards a standardised brief outcome measure: psychometric properties and utility of the CORE-OM. Br J Psychiatry 180:51-60"
    static let connell2007 = "Connell, Barkham, Stiles, Twigg, Singleton, Evans & Miles (2007). Distribution of CORE-OM scores in a general population, clinical cut-off points and comparison with the CIS-R. Br J Psychiatry 190:69-74"
    static let lambert2004 = "Lambert, Morton, Hatfield, Harmon, Hamilton, Reid, Shimokawa, Christopherson & Burlingame (2004). Administration and Scoring Manual for the OQ-45.2. American Professional Credentialing Services"
    static let lambert1996 = "Lambert, Burlingame, Umphress, Hansen, Vermeersch, Clouse & Yanchar (1996). The reliability and validity of the Outcome Questionnaire. Clin Psychol Psychother 3(4):249-258"
    static let miller2003 = "Miller, Duncan, Brown, Sparks & Claud (2003). The Outcome Rating Scale: a preliminary study of the reliability, validity, and feasibility of a brief visual analog measure. J Brief Ther 2(2):91-100"
    static let orsRC = "Miller et al. (2003), J Brief Ther 2(2):91-100; Duncan (2012). The Partners for Change Outcome Management System (PCOMS). Canadian Psychology 53(2):93-104: a change of 5 or more points is reliable"
    static let kessler2002 = "Kessler, Andrews, Colpe, Hiripi, Mroczek, Normand, Walters & Zaslavsky (2002). Short screening scales to monitor population prevalences and trends in non-specific psychological distress. Psychol Med 32(6):959-976"
    static let tennant2007 = "Tennant, Hiller, Fishwick, Platt, Joseph, Weich, Parkinson, Secker & Stewart-Brown (2007). The Warwick-Edinburgh Mental Well-being Scale (WEMWBS): development and UK validation. Health Qual Life Outcomes 5:63"
    static let shes2018 = "Scottish Government (2019, revised 2020). The Scottish Health Survey 2018, Volume 1: main report, Table 1.2 (all adults 16+: WEMWBS mean 49.4, SD 8.96, unweighted n = 4299)"
    static let stewartBrown2009 = "Stewart-Brown, Tennant, Tennant, Platt, Parkinson & Weich (2009). Internal construct validity of the WEMWBS: a Rasch analysis using data from the Scottish Health Education Population Survey. Health Qual Life Outcomes 7:15"
    static let beck1996 = "Beck, Steer & Brown (1996). Manual for the Beck Depression Inventory-II. San Antonio, TX: Psychological Corporation"
    static let beck1996Alpha = "Beck, Steer & Brown (1996), BDI-II Manual: coefficient alpha .92 in the outpatient sample (.93 in the college-student sample)"
    static let weathers2013 = "Weathers, Litz, Keane, Palmieri, Marx & Schnurr (2013). The PTSD Checklist for DSM-5 (PCL-5). National Center for PTSD"
    static let bovin2016 = "Bovin, Marx, Weathers, Gallagher, Rodriguez, Schnurr & Keane (2016). Psychometric properties of the PTSD Checklist for DSM-5 (PCL-5) in veterans. Psychol Assess 28(11):1379-1391"
    static let hamilton1960 = "Hamilton (1960). A rating scale for depression. J Neurol Neurosurg Psychiatry 23(1):56-62"
    static let frank1991 = "Frank, Prien, Jarrett, Keller, Kupfer, Lavori, Rush & Weissman (1991). Conceptualization and rationale for consensus definitions of terms in major depressive disorder. Arch Gen Psychiatry 48(9):851-855 (remission: HAMD-17 <= 7)"
    static let topp2015 = "Topp, Østergaard, Søndergaard & Bech (2015). The WHO-5 Well-Being Index: a systematic review of the literature. Psychother Psychosom 84(3):167-176"
    static let snaith1995 = "Snaith, Hamilton, Morley, Humayan, Hargreaves & Trigwell (1995). A scale for the assessment of hedonic tone: the Snaith-Hamilton Pleasure Scale. Br J Psychiatry 167(1):99-103"
    static let nakonezny2010 = "Nakonezny, Carmody, Morris, Kurian & Trivedi (2010). Psychometric evaluation of the Snaith-Hamilton Pleasure Scale in adult outpatients with major depressive disorder. Int Clin Psychopharmacol 25(6):328-333 (coefficient alpha .91)"
    static let spanier1976 = "Spanier (1976). Measuring dyadic adjustment: new scales for assessing the quality of marriage and similar dyads. J Marriage Fam 38(1):15-28"
    static let carey1993 = "Carey, Spector, Lantinga & Krauss (1993). Reliability of the Dyadic Adjustment Scale. Psychol Assess 5(2):238-240 (coefficient alpha .95 for the total score; 2-week stability .87)"
    static let snyder1997 = "Snyder (1997). Marital Satisfaction Inventory, Revised (MSI-R) manual. Los Angeles: Western Psychological Services"
}

enum BuiltinMeasures {
    static let all: [Measure] = [
        Measure(
            name: "PHQ-9", aliases: ["PHQ9", "PHQ 9", "Patient Health Questionnaire-9"],
            fullName: "Patient Health Questionnaire, 9-item depression module",
            minScore: 0, maxScore: 27, direction: .lowerIsBetter,
            reliability: 0.89,
            functionalMean: 2.91, functionalSD: 3.52,
            cutoff: 10, cutoffIsClinical: true,
            reliableChange: 6,
            sources: [
                "range": Cite.kroenke2001,
                "reliability": Cite.kroenke2001 + " (internal consistency, Cronbach's alpha .89)",
                "functionalMean": Cite.kocalevent2013 + " (German general population, n = 5018)",
                "functionalSD": Cite.kocalevent2013 + " (German general population, n = 5018)",
                "cutoff": Cite.nhsTT + "; Kroenke et al. (2001): a score >= 10 had 88% sensitivity and specificity for major depression",
                "reliableChange": Cite.nhsTT,
                "loinc": Cite.loincPHQ9,
                "loincPanel": Cite.loincPHQ9,
            ],
            notes: "Clinical-sample mean/SD left empty: no single published clinical reference sample was confirmed. The general-population total (2.91, 3.52) is the paper's whole-sample figure; the abstract gives women 3.1 (3.5) and men 2.7 (3.5), with which it is consistent. SNOMED CT code left empty: no SNOMED CT release text was read.",
            loinc: ["44261-6"], loincPanel: ["44249-1"]
        ),
        Measure(
            name: "GAD-7", aliases: ["GAD7", "GAD 7", "Generalized Anxiety Disorder-7"],
            fullName: "Generalized Anxiety Disorder 7-item scale",
            minScore: 0, maxScore: 21, direction: .lowerIsBetter,
            reliability: 0.92,
            functionalMean: 2.95, functionalSD: 3.41,
            cutoff: 8, cutoffIsClinical: true,
            reliableChange: 4,
            sources: [
                "range": Cite.spitzer2006,
                "reliability": Cite.spitzer2006 + " (internal consistency, Cronbach's alpha .92; test-retest .83)",
                "functionalMean": Cite.lowe2008 + " (German general population, n = 5030)",
                "functionalSD": Cite.lowe2008 + " (German general population, n = 5030)",
                "cutoff": Cite.nhsTT,
                "reliableChange": Cite.nhsTT,
                "loinc": Cite.loincGAD7,
                "loincPanel": Cite.loincGAD7Panel,
            ],
            notes: "Clinical-sample mean/SD left empty: not confirmed from a published clinical reference sample. Löwe et al. (2008) report alpha .89 in the general population; the catalog uses Spitzer et al.'s .92 (primary-care development sample). The general-population total (2.95, 3.41) is consistent with the abstract's women 3.2 (3.5) and men 2.7 (3.2). Spitzer et al. recommend >= 10 for GAD screening; NHS Talking Therapies uses >= 8 for caseness, which is kept here. SNOMED CT code left empty: no SNOMED CT release text was read.",
            loinc: ["70274-6"], loincPanel: ["69737-5"]
        ),
        Measure(
            name: "PHQ-2", aliases: ["PHQ2", "PHQ 2", "Patient Health Questionnaire-2"],
            fullName: "Patient Health Questionnaire, 2-item depression screener (PHQ-9 items 1 and 2)",
            minScore: 0, maxScore: 6, direction: .lowerIsBetter,
            cutoff: 3, cutoffIsClinical: true,
            sources: [
                "range": Cite.kroenke2003,
                "cutoff": Cite.kroenke2003,
                "loinc": Cite.loincPHQ2,
                "loincPanel": Cite.loincPHQ2,
            ],
            notes: "A screener, catalogued so that FHIR records coded 55758-7 are read. Reliability, norms and reliable change were not confirmed and are empty; no SNOMED CT code was sourced.",
            loinc: ["55758-7"], loincPanel: ["55757-9"]
        ),
        Measure(
            name: "CORE-10", aliases: ["CORE10", "CORE 10"],
            fullName: "Clinical Outcomes in Routine Evaluation, 10-item version (clinical score)",
            minScore: 0, maxScore: 40, direction: .lowerIsBetter,
            reliability: 0.90,
            clinicalMean: 19.7, clinicalSD: 7.7,
            functionalMean: 4.7, functionalSD: 4.8,
            cutoff: 11, cutoffIsClinical: true,
            reliableChange: 6,
            sources: [
                "range": Cite.barkham2013,
                "reliability": Cite.barkham2013 + " (internal consistency, alpha .90)",
                "clinicalMean": Cite.core10Manual + " (primary care counselling sample, n = 1835)",
                "clinicalSD": Cite.core10Manual + " (primary care counselling sample, n = 1835)",
                "functionalMean": Cite.core10Manual + " (general population sample, n = 535)",
                "functionalSD": Cite.core10Manual + " (general population sample, n = 535)",
                "cutoff": Cite.barkham2013 + " (clinical cut-off 11.0: scores of 11 and above are in the clinical range, 10 and below are not)",
                "reliableChange": Cite.barkham2013 + " (reliable change index, 90% CI: 6 points)",
            ],
            notes: "Boundary: the published cut-off is 11.0 and CORE practice guides band 11 and above as clinical, so a score of 11 is clinical. The manual's norms were read from a secondary summary (NovoPsych) of Connell & Barkham (2007), Table 3."
        ),
        Measure(
            name: "CORE-OM", aliases: ["COREOM", "CORE OM", "CORE-34", "CORE34"],
            fullName: "Clinical Outcomes in Routine Evaluation - Outcome Measure (34 items), clinical score = mean item score x 10",
            minScore: 0, maxScore: 40, direction: .lowerIsBetter,
            cutoff: 10, cutoffIsClinical: true,
            sources: [
                "range": Cite.connell2007 + " (0-40 scale of the CORE-OM)",
                "cutoff": Cite.connell2007 + " (cut-off 9.9 on the 0-40 scale, used as 10: scores of 10 and above are clinical)",
            ],
            notes: "Clinical score (mean item x 10), not the 0-4 mean-item score or the 0-136 total. Reliability left empty: Evans et al. (2002) report internal and test-retest reliability of 0.75-0.95 across domains but the total-score alpha could not be confirmed. Norms (clinical and general population means/SDs) and the reliable change index (reported by Evans et al. 2002 and in the CORE manuals) were not confirmed and are left empty; add them from the CORE manual with a user catalog row."
        ),
        Measure(
            name: "OQ-45.2", aliases: ["OQ-45", "OQ45", "OQ 45", "OQ45.2", "OQ-45-2", "OQ"],
            fullName: "Outcome Questionnaire-45.2 (total score)",
            minScore: 0, maxScore: 180, direction: .lowerIsBetter,
            cutoff: 64, cutoffIsClinical: true,
            reliableChange: 14,
            sources: [
                "range": Cite.lambert2004,
                "cutoff": Cite.lambert2004 + " (dysfunctional/functional boundary 64/63: scores of 64 and above are clinical)",
                "reliableChange": Cite.lambert2004 + " (reliable change index: 14 points)",
            ],
            notes: "Reliability (alpha about .93 in Lambert et al. 1996) and the community and clinical norms (community mean about 45, clinical mean about 83, per the OQ-45.2 manual) could not be confirmed from the source text and are left empty; add them from the manual with a user catalog row. See also " + Cite.lambert1996 + "."
        ),
        Measure(
            name: "ORS", aliases: ["Outcome Rating Scale", "ORS-4"],
            fullName: "Outcome Rating Scale (4 visual-analogue items, 0-10 cm each)",
            minScore: 0, maxScore: 40, direction: .higherIsBetter,
            cutoff: 25, cutoffIsClinical: false,
            reliableChange: 5,
            sources: [
                "range": Cite.miller2003,
                "cutoff": Cite.miller2003 + " (clinical cut-off 25 for adults; scores below 25 are in the clinical range)",
                "reliableChange": Cite.orsRC,
            ],
            notes: "Convention: scores below 25 are clinical; a score of exactly 25 is NOT clinical (cutoffIsClinical = false). Some secondary summaries describe 25 itself as clinical; override with cutoff_is_clinical = true if your service uses that reading. Reliability (Miller et al. 2003 report alpha .93) and the clinical/non-clinical means and SDs could not be confirmed from the source text and are left empty. The clinical cut-off is for adults (the child version uses 28 and 32 by age)."
        ),
        Measure(
            name: "K10", aliases: ["K-10", "K 10", "Kessler 10", "Kessler-10"],
            fullName: "Kessler Psychological Distress Scale (10 items)",
            minScore: 10, maxScore: 50, direction: .lowerIsBetter,
            sources: [
                "range": Cite.kessler2002,
            ],
            notes: "Only the 10-50 range is catalogued (items scored 1-5). Cut-off bands (commonly 10-15 low, 16-21 moderate, 22-29 high, 30-50 very high, after Andrews & Slade 2001), reliability and norms (e.g. Slade, Grove & Burgess 2011, Aust N Z J Psychiatry 45(4):308-316) were not confirmed from the source text and are left empty. Note that some services score items 0-4 (range 0-40)."
        ),
        Measure(
            name: "WEMWBS", aliases: ["Warwick-Edinburgh", "WEMWBS-14"],
            fullName: "Warwick-Edinburgh Mental Well-being Scale (14 items)",
            minScore: 14, maxScore: 70, direction: .higherIsBetter,
            reliability: 0.91,
            functionalMean: 49.4, functionalSD: 8.96,
            sources: [
                "range": Cite.tennant2007,
                "reliability": Cite.tennant2007 + " (internal consistency, Cronbach's alpha .91 in the population sample; .89 in the student sample)",
                "functionalMean": Cite.shes2018,
                "functionalSD": Cite.shes2018,
            ],
            notes: "Population norms are from the Scottish Health Survey 2018 (adults 16+), which was confirmed; Tennant et al. (2007) also report a population mean (about 50.7, SD 8.79) that could not be confirmed from the source text. No clinical cut-off or reliable change index is published by the developers, so those are empty."
        ),
        Measure(
            name: "SWEMWBS", aliases: ["SWEMWBS-7", "Short WEMWBS", "Short Warwick-Edinburgh"],
            fullName: "Short Warwick-Edinburgh Mental Well-being Scale (7 items, metric score)",
            minScore: 7, maxScore: 35, direction: .higherIsBetter,
            sources: [
                "range": Cite.stewartBrown2009 + " (Rasch raw-to-metric conversion, 7-35)",
            ],
            notes: "Scores are the Rasch metric scores (7-35) converted from raw sums. Norms: Ng Fat et al. (2017, Qual Life Res 26:1129-1144) report Health Survey for England means of 23.7 (men) and 23.2 (women), but no whole-sample mean and SD was confirmed, so functional norms are empty. Reliability, clinical norms, cut-off and reliable change were not confirmed and are empty."
        ),
        Measure(
            name: "BDI-II", aliases: ["BDI2", "BDI 2", "BDI-2", "BDIII", "Beck Depression Inventory-II"],
            fullName: "Beck Depression Inventory, second edition",
            minScore: 0, maxScore: 63, direction: .lowerIsBetter,
            reliability: 0.92,
            cutoff: 14, cutoffIsClinical: true,
            sources: [
                "range": Cite.beck1996,
                "reliability": Cite.beck1996Alpha + " (internal consistency)",
                "cutoff": Cite.beck1996 + " (severity bands 0-13 minimal, 14-19 mild, 20-28 moderate, 29-63 severe; 14 is the lower bound of the mild band)",
                "loinc": Cite.loincBDI2,
            ],
            notes: "The cut-off 14 is the lower bound of the manual's 'mild' band, not a diagnostic threshold; services using the moderate band should override the cut-off with 20. Clinical and non-clinical norms and a reliable change index were not confirmed and are empty. No LOINC panel or SNOMED CT code was sourced.",
            loinc: ["89209-1"]
        ),
        Measure(
            name: "PCL-5", aliases: ["PCL5", "PCL 5", "PTSD Checklist-5"],
            fullName: "PTSD Checklist for DSM-5 (20 items)",
            minScore: 0, maxScore: 80, direction: .lowerIsBetter,
            reliability: 0.96,
            cutoff: 33, cutoffIsClinical: true,
            sources: [
                "range": Cite.weathers2013,
                "reliability": Cite.bovin2016 + " (internal consistency, alpha .96; test-retest r = .84)",
                "cutoff": Cite.bovin2016 + " (scores of 31-33 optimally efficient for probable PTSD; the upper value 33 is used, scores of 33 and above are clinical)",
                "loinc": Cite.loincPCL5,
                "loincPanel": Cite.loincPCL5,
            ],
            notes: "Reliable change left empty: the National Center for PTSD's guidance (5-10 points reliable, 10-20 points clinically meaningful) was not confirmed from a citable source text. Norms were not confirmed and are empty. No SNOMED CT code was sourced.",
            loinc: ["101698-9"], loincPanel: ["101697-1"]
        ),
        Measure(
            name: "HAMD", aliases: ["HAMD-17", "HAMD17", "HAM-D", "HDRS", "HRSD", "HDRS-17", "Hamilton Depression"],
            fullName: "Hamilton Depression Rating Scale, 17-item version (clinician-rated)",
            minScore: 0, maxScore: 52, direction: .lowerIsBetter,
            cutoff: 8, cutoffIsClinical: true,
            sources: [
                "range": Cite.hamilton1960 + " (17-item total 0-52)",
                "cutoff": Cite.frank1991 + "; scores of 8 and above are outside remission",
            ],
            notes: "The cut-off is the consensus remission boundary (remission <= 7, so >= 8 counts as clinical), not a caseness threshold. Zimmerman et al. (2013, J Affect Disord 150:384-388) give severity cut-offs of 17 (moderate) and 24 (severe). Reliability, norms and reliable change were not confirmed and are empty."
        ),
        Measure(
            name: "WHO-5", aliases: ["WHO5", "WHO 5", "WHO-5 Well-Being Index"],
            fullName: "WHO-5 Well-Being Index (raw score)",
            minScore: 0, maxScore: 25, direction: .higherIsBetter,
            cutoff: 13, cutoffIsClinical: false,
            sources: [
                "range": Cite.topp2015 + " (raw score 0-25; percentage score = raw x 4)",
                "cutoff": Cite.topp2015 + " (percentage score <= 50 indicates poor well-being and screening for depression: raw score 12 or below, so raw scores below 13 are clinical)",
            ],
            notes: "Raw score (0-25), not the 0-100 percentage score: multiply by 4 to convert. Convention: a raw score below 13 is clinical; 13 (52%) is not. A percentage score <= 28 suggests likely depression (not encoded). Reliability, norms and reliable change were not confirmed and are empty."
        ),
        Measure(
            name: "SHAPS", aliases: ["SHAPS-14", "Snaith-Hamilton", "Snaith-Hamilton Pleasure Scale"],
            fullName: "Snaith-Hamilton Pleasure Scale (14 items, original dichotomous scoring)",
            minScore: 0, maxScore: 14, direction: .lowerIsBetter,
            reliability: 0.91,
            cutoff: 3, cutoffIsClinical: true,
            sources: [
                "range": Cite.snaith1995,
                "reliability": Cite.nakonezny2010 + " (internal consistency, adult outpatients with MDD)",
                "cutoff": Cite.snaith1995 + " (2 or less normal; 3 or more abnormal)",
            ],
            notes: "Original 0/1 item scoring (0-14). Some studies use a 1-4 item scoring (14-56); override the range for those. Norms and reliable change were not confirmed and are empty."
        ),
        Measure(
            name: "DAS", aliases: ["DAS-32", "Dyadic Adjustment Scale"],
            fullName: "Dyadic Adjustment Scale (32 items)",
            minScore: 0, maxScore: 151, direction: .higherIsBetter,
            reliability: 0.95,
            sources: [
                "range": Cite.spanier1976,
                "reliability": Cite.carey1993 + " (internal consistency)",
            ],
            notes: "Jacobson & Truax (1991, J Consult Clin Psychol 59(1):12-19) use the DAS as their worked example (functional mean 114.8, SD 17.8; dysfunctional mean 70.7, SD 23.8; reliability .96 from Spanier 1976, as given in the brief), but those figures could not be confirmed from the source text and are left empty; add them with a user catalog row citing Jacobson & Truax (1991) if you hold the paper. Reliability is Carey et al.'s (1993) alpha .95 for the total score. No cut-off or reliable change index is catalogued."
        ),
        Measure(
            name: "GDS", aliases: ["MSI-GDS", "MSI GDS", "Global Distress Scale"],
            fullName: "Global Distress Scale of the Marital Satisfaction Inventory (MSI-R, 22 true/false items, raw score)",
            minScore: 0, maxScore: 22, direction: .lowerIsBetter,
            sources: [
                "range": Cite.snyder1997 + " (22-item raw score; NOT confirmed from source text)",
            ],
            notes: "Range 0-22 assumes the MSI-R Global Distress Scale of 22 true/false items (Snyder 1997); this could not be confirmed from a source text and must be checked against the manual (the original 1979 MSI GDS had more items, and the manual reports T-scores). Override min/max if you use the original MSI or T-scores. Reliability, norms, cut-off (the manual's T-score thresholds) and reliable change were not confirmed and are empty."
        ),
        Measure(
            name: "WSAS", aliases: ["Work and Social Adjustment Scale"],
            fullName: "Work and Social Adjustment Scale (5 items)",
            minScore: 0, maxScore: 40, direction: .lowerIsBetter,
            reliability: 0.73,
            sources: [
                "range": Cite.mundt2002,
                "reliability": Cite.mundt2002 + " (two-week test-retest correlation .73; internal consistency varied .70-.94 and is not used)",
            ],
            notes: "Reliability is the test-retest correlation (.73), the single figure the abstract gives; alpha ranged .70-.94 by sample. No cut-off is catalogued: Mundt et al.'s bands (above 20 moderately severe or worse, 10-20 significant impairment, below 10 subclinical; " + Cite.mundt2002Bands + ") describe severity, not caseness; set cutoff with a user catalog row if your service uses one. Norms, reliable change and terminology codes were not sourced."
        ),
        Measure(
            name: "EPDS", aliases: ["Edinburgh Postnatal Depression Scale", "EPDS-10"],
            fullName: "Edinburgh Postnatal Depression Scale (10 items)",
            minScore: 0, maxScore: 30, direction: .lowerIsBetter,
            reliability: 0.87,
            cutoff: 13, cutoffIsClinical: true,
            sources: [
                "range": Cite.cox1987,
                "reliability": Cite.cox1987Summary + " (coefficient alpha)",
                "cutoff": Cite.cox1987Summary + " (12/13: 13 and above is clinical)",
                "loincPanel": Cite.loincEPDS,
            ],
            notes: "Reliability and the 12/13 cut-off are Cox et al.'s (1987) as reported by a secondary source (Vivilaki et al. 2009); the original paper's text was not read in full. Some services screen at 10 or more (possible depression); override the cut-off for that use. No LOINC total-score or SNOMED CT code was sourced; norms and reliable change are empty.",
            loincPanel: ["71354-5"]
        ),
        Measure(
            name: "SDQ", aliases: ["SDQ total", "SDQ-TD", "SDQ total difficulties", "Strengths and Difficulties Questionnaire"],
            fullName: "Strengths and Difficulties Questionnaire, total difficulties score (parent report)",
            minScore: 0, maxScore: 40, direction: .lowerIsBetter,
            cutoff: 17, cutoffIsClinical: true,
            sources: [
                "range": Cite.goodman1997,
                "cutoff": Cite.sdqBands + " (17 and above: the 'abnormal' band)",
            ],
            notes: "Cut-off from the UK parent-report three-band scheme; the teacher- and self-report versions have other bands (self-report abnormal from 20 in the same scheme was not confirmed here) and should override the cut-off. Reliability, norms, reliable change and terminology codes were not sourced."
        ),
        Measure(
            name: "HoNOS", aliases: ["Health of the Nation Outcome Scales", "HoNOS-12"],
            fullName: "Health of the Nation Outcome Scales (12 clinician-rated scales, total score)",
            minScore: 0, maxScore: 48, direction: .lowerIsBetter,
            sources: [
                "range": Cite.wing1998 + "; " + Cite.honosMeteor,
            ],
            notes: "Clinician-rated. Ratings of 9 (not known) are not scores and must be left out before totalling. No cut-off exists for the total; reliability, norms, reliable change and terminology codes were not sourced."
        ),
        Measure(
            name: "RCADS", aliases: ["RCADS total", "RCADS-47", "Revised Children's Anxiety and Depression Scale"],
            fullName: "Revised Children's Anxiety and Depression Scale, Total Internalizing raw score (47 items, youth report)",
            minScore: 0, maxScore: 141, direction: .lowerIsBetter,
            sources: [
                "range": Cite.rcadsGuide + "; " + Cite.chorpita2000,
            ],
            notes: "Raw total (0-141). The user's guide converts totals to T-scores by grade and sex (T >= 65 borderline, >= 70 clinical), which a raw-score cut-off cannot express, so no cut-off is catalogued. Reliability, norms, reliable change and terminology codes were not sourced."
        ),
        Measure(
            name: "SRS", aliases: ["Session Rating Scale", "SRS v3"],
            fullName: "Session Rating Scale, version 3 (therapeutic alliance; PCOMS companion of the ORS)",
            minScore: 0, maxScore: 40, direction: .higherIsBetter,
            cutoff: 36, cutoffIsClinical: true,
            sources: [
                "range": Cite.duncan2003,
                "cutoff": Cite.srsCutoff + " (36 and below flags the session: cutoffIsClinical = true)",
            ],
            notes: "An alliance measure, not an outcome: its 'clinical' flag means a session to discuss. Cut-off read from secondary summaries of Duncan et al. (2003); the paper's alpha (.88 is widely quoted) was not confirmed and reliability is empty. Norms, reliable change and terminology codes were not sourced."
        ),
    ]
}
