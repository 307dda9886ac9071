#include "issues/care/care_params.hpp"

#include <algorithm>
#include <string>

#include "issues/care/care_kernels.hpp"

namespace coalesce::coalition {

namespace {

// One real-valued key of [care]: default, bounds, unit, meaning and source.
struct Key {
  const char* key;
  double value, low, high;
  const char* unit;
  const char* description;
  const char* source;
};

// Age at the middle of each band (years), for the hazards read off the cross-section; 75+
// is taken at 82 (none: assumption).
constexpr std::array<double, kAgeBands> kBandMiddle = {8.0,  20.0, 29.5, 39.5,
                                                       49.5, 59.5, 69.5, 82.0};

constexpr Key kConditions[] = {
    {"care.deprivation_ratio", 1.26, 0.1, 10.0, "ratio",
     "long-term condition prevalence and onset in the most deprived quintile relative to the "
     "least, linear in between",
     "NHS Digital, Health Survey for England 2018, Longstanding conditions (Moody 2019), as "
     "reported by OnMedica, 4 December 2019: 48% of adults in the most deprived areas had one or "
     "more longstanding conditions against 38% in the least deprived; 48 / 38 = 1.26 (the same "
     "ratio taken for onset)"},
};

constexpr Key kUse[] = {
    {"care.admissions", 0.112, 0.0, 2.0, "per person a year",
     "emergency hospital admissions per person a year, population mean at the start",
     "NHS Digital, Hospital Admitted Patient Care Activity 2022-23: about 6.3 million emergency "
     "admissions in "
     "England (population 56.5 million)"},
    {"care.admission_ltc_share", 0.7, 0.01, 0.99, "share",
     "share of emergency hospital use by people with a long-term condition (sets their relative "
     "rate)",
     "Department of Health 2012, Long Term Conditions Compendium of Information, 3rd edition: "
     "people with "
     "long-term conditions account for over 70% of inpatient bed days"},
    {"care.admission_multiple", 5.36, 1.0, 10.0, "ratio",
     "emergency admissions with two or more conditions relative to one",
     "Health Foundation 2018 (Stafford et al., 'Understanding the health care needs of people "
     "with multiple health conditions', November 2018; news release 13 November 2018): over "
     "half (55%) of hospital admissions and outpatient visits in England are for people with "
     "two or more conditions. With care.admission_ltc_share's 70% for people with any "
     "condition, 0.55 / 0.70 = 0.7857 of their admissions go to those with two or more; at "
     "the start shares of long_term_conditions_by_age.csv (one condition s1 = 0.2238, two or "
     "more s2 = 0.1532 of citizens) s2 m / (s1 + s2 m) = 0.7857 gives m = 0.7857 / 0.2143 x "
     "0.2238 / 0.1532 = 5.36 (a share of 50% gives 3.65, 60% gives 8.8; admissions and outpatient "
     "visits taken for emergency admissions). Consistent with Payne et al. 2013 (CMAJ "
     "185:E221, Scotland, 180,815 adults, table 3, potentially preventable unplanned "
     "admissions, unadjusted odds ratios against no condition 2.68 with one, 5.94 with two, "
     "9.48 with three, 23.93 with four or more): 2.2, 3.5 and 8.9 times the rate with one"},
    {"care.consultations", 5.16, 0.0, 50.0, "per person a year",
     "primary care consultations per person a year",
     "Hobbs et al. 2016 (Lancet 387:2323-30): 5.16 GP and nurse consultations per person-year in "
     "England, 2013/14"},
    {"care.consultation_ltc_share", 0.5, 0.01, 0.99, "share",
     "share of primary care consultations by people with a long-term condition",
     "Department of Health 2012, Long Term Conditions Compendium, 3rd edition: about 50% of GP "
     "appointments"},
    {"care.consultation_multiple", 1.56, 1.0, 10.0, "ratio",
     "primary care consultations with two or more conditions relative to one",
     "van Oostrom et al. 2014, 'Multimorbidity of chronic diseases and health care utilization "
     "in general practice', BMC Family Practice 15:61 (Netherlands, general practice records of "
     "32,583 patients aged 55+, 2008, adjusted for age and sex): 18.3 general practice contacts "
     "a year with two or more chronic diseases, 11.7 with one, 6.1 with none; 18.3 / 11.7 = "
     "1.56 (a Dutch 55+ ratio taken for every age in England)"},
    {"care.community_one", 0.1, 0.0, 10.0, "contacts a month",
     "community and self-management support contacts a month with one condition",
     "none: assumption; sweep it (docs/CALIBRATION_ENGLAND.md, care: no English figure found pins "
     "it)"},
    {"care.community_multiple", 0.4, 0.0, 10.0, "contacts a month",
     "community and self-management support contacts a month with two or more conditions",
     "none: assumption; sweep it (docs/CALIBRATION_ENGLAND.md, care: no English figure found pins "
     "it)"},
    {"care.cost_admission", 2410.0, 0.0, 100000.0, "GBP", "cost of one emergency admission",
     "National Audit Office 2018, Reducing emergency admissions (HC 833): emergency admissions "
     "cost GBP 13.7 bn "
     "in 2015-16; 5.8 million admissions in 2016-17, up 2.1% on the year before, so about 5.68 "
     "million in "
     "2015-16: GBP 13.7 bn / 5.68 m = about GBP 2,410 an admission (2015-16 prices)"},
    {"care.cost_consultation", 41.0, 0.0, 1000.0, "GBP", "cost of one primary care consultation",
     "PSSRU, Unit Costs of Health and Social Care 2022 (Jones & Burns 2023): GP surgery "
     "consultation of 9.22 "
     "minutes, about GBP 41 excluding qualification costs"},
    {"care.cost_community", 47.0, 0.0, 1000.0, "GBP", "cost of one community care contact",
     "NHS England 2020, National Cost Collection 2019/20, as reported by the HFMA roundtable on "
     "the economic value of community nursing (British Journal of Community Nursing, 2021): "
     "community nurses in NHS organisations in England (district, specialist and school nurses) "
     "had 42.4 million contacts at a cost of over GBP 2 billion in 2019/20; GBP 2,000 m / 42.4 m "
     "= GBP 47 a contact (a lower bound: 'over' GBP 2 billion)"},
};

constexpr Key kWellbeing[] = {
    {"care.unmet", 0.22, 0.0, 1.0, "share",
     "share of the care needs of people with a condition left unmet",
     "Age UK 2018, 'New analysis shows number of older people with unmet care needs soars to "
     "record high' (9 July 2018): 1.4 million people aged 65+ in England, 14% of the whole 65+ "
     "population, live with some unmet need for help with activities of daily living (Age UK "
     "2019: 1.5 million). As a share of those aged 65+ with a long-term condition at the start "
     "(population_by_age.csv and long_term_conditions_by_age.csv: 60% of 65-74 and 70% of 75+, "
     "64.5% of 65+): 0.14 / 0.645 = 0.22, every citizen with a condition given that share of "
     "need unmet (the survey counts people with some need unmet; NHS Digital, Health Survey for "
     "England 2016, Social care for older adults: 20% of men and 27% of women aged 65+ had some "
     "unmet need with an ADL, which would give 0.31-0.42)"},
    {"care.carer_hours_one", 2.0, 0.0, 168.0, "hours a week",
     "unpaid care a week for a person with one condition, at the base unmet share (rises with "
     "unmet need)",
     "none: Census 2021 (ONS): 8.9% of people in England aged 5+ gave unpaid care; hours per "
     "person cared for "
     "an assumption; sweep it (docs/CALIBRATION_ENGLAND.md, care: no English figure found pins "
     "it)"},
    {"care.carer_hours_multiple", 13.6, 0.0, 168.0, "hours a week",
     "unpaid care a week for a person with two or more conditions, at the base unmet share",
     "Census 2021 (ONS), table TS039 Provision of unpaid care, England: of 56,490,048 "
     "residents, 1,668,989 gave 9 hours or less a week, 634,736 10-19, 452,264 20-34, 517,505 "
     "35-49 and 1,404,771 50 or more; at band midpoints (5, 14.5, 27, 42, and 65 for 50 or "
     "more: none, an assumption; 50-80 gives the range) 2.53 hours a week per resident "
     "(2.15-2.90). With care.carer_hours_one held at 2 and the start shares of "
     "long_term_conditions_by_age.csv (one condition 22.3%, two or more 15.3% of citizens), "
     "hours for two or more = (2.53 - 2 x 0.223) / 0.153 = 13.6 (range 11.1-16.0); all unpaid "
     "care counted as care for people with a long-term condition"},
    {"care.quality_none", 0.95, 0.0, 1.0, "0..1",
     "care-related quality of life without a condition",
     "none: assumption; sweep it (docs/CALIBRATION_ENGLAND.md, care: no English figure found pins "
     "it)"},
    {"care.quality_one", 0.85, 0.0, 1.0, "0..1", "care-related quality of life with one condition",
     "none: between the none and multiple levels; sweep it (docs/CALIBRATION_ENGLAND.md, care: no "
     "English "
     "figure found pins it)"},
    {"care.quality_multiple", 0.79, 0.0, 1.0, "0..1",
     "care-related quality of life with two or more conditions",
     "NHS Digital, Adult Social Care Survey England 2022-23: social care-related quality of life "
     "19.0 of 24 "
     "(ASCOT) among service users, 0.79"},
    {"care.quality_unmet", 0.3, 0.0, 1.0, "per unit unmet",
     "quality of life lost per unit share of need unmet",
     "none: assumption; sweep it (docs/CALIBRATION_ENGLAND.md, care: no English figure found pins "
     "it)"},
    {"care.quality_relax", 0.2, 0.0, 1.0, "per month",
     "monthly return of quality of life toward its target",
     "none: assumption; sweep it (docs/CALIBRATION_ENGLAND.md, care: no English figure found pins "
     "it)"},
    {"care.admission_shock", 0.1, 0.0, 1.0, "share",
     "share of quality of life an emergency admission takes",
     "none: assumption; sweep it (docs/CALIBRATION_ENGLAND.md, care: no English figure found pins "
     "it)"},
    {"care.satisfaction_share", 0.713, 0.0, 1.0, "share",
     "share satisfied with their care (satisfaction >= 0.5) at the start",
     "NHS England, GP Patient Survey 2023: 71.3% describe their overall experience of their GP "
     "practice as good"},
    {"care.satisfaction_sd", 0.28, 0.01, 1.0, "0..1",
     "spread of satisfaction with care at the start",
     "NHS England 2023, GP Patient Survey 2023: overall experience of the GP practice good "
     "71.3% (very good 36.8%), neither 14.5%, poor 14.2%; with good read as satisfaction >= "
     "0.5 (care.satisfaction_share) and very good as >= 0.75, the normal has sd 0.25 / (0.337 + "
     "0.562) = 0.28 (0.337, -0.562: standard normal quantiles of 0.632 and 0.287); it puts 7% "
     "(survey: 14% poor) below 0.25"},
    {"care.satisfaction_relax", 0.2, 0.0, 1.0, "per month",
     "monthly move of satisfaction toward its level",
     "none: assumption; sweep it (docs/CALIBRATION_ENGLAND.md, care: no English figure found pins "
     "it)"},
    {"care.satisfaction_unmet", 0.5, 0.0, 5.0, "per unit unmet",
     "satisfaction lost per unit share of need unmet above the base share",
     "none: assumption; sweep it (docs/CALIBRATION_ENGLAND.md, care: no English figure found pins "
     "it)"},
    {"care.satisfaction_admission", 0.1, 0.0, 1.0, "0..1",
     "satisfaction lost in a month with an emergency admission",
     "none: assumption; sweep it (docs/CALIBRATION_ENGLAND.md, care: no English figure found pins "
     "it)"},
};

constexpr Key kLevers[] = {
    {"care.personal_budgets", 0.0, 0.0, 1.0, "share",
     "lever: share of people with a long-term condition holding a personal health budget",
     "setting: scenario lever (ODD C.5)"},
    {"care.budget_quality", 0.05, 0.0, 1.0, "0..1",
     "care-related quality of life a budget adds for a holder who manages it fully (takes off, if "
     "not)",
     "none: size an assumption; Forder et al. 2012, Evaluation of the personal health budget pilot "
     "programme (PSSRU DP 2840): a significant "
     "gain in care-related quality of life (ASCOT) and wellbeing, no significant change in health "
     "status or "
     "cost; size an assumption"},
    {"care.budget_satisfaction", 0.1, 0.0, 1.0, "0..1",
     "satisfaction a budget adds for a holder who manages it fully (takes off, if not)",
     "none: Forder et al. 2012 report better outcomes where holders had choice and flexibility; "
     "size an assumption"},
    {"care.budget_break_even", 0.3, 0.0, 1.0, "effort",
     "co-production effort at which holding a budget neither helps nor harms",
     "none: Forder et al. 2012: no benefit where budgets came with little choice or support; "
     "assumption (the path "
     "by which a budget can hurt); sweep it"},
    {"care.budget_shift", 0.2, 0.0, 1.0, "share",
     "share of a holder's primary care spending moved into community care bought with the budget "
     "(cost-neutral)",
     "none: Forder et al. 2012: no significant difference in total cost; the share an assumption; "
     "sweep it"},
    {"care.coproduction", 0.0, 0.0, 1.0, "0..1",
     "lever: co-produced care (self-management support, community care planned with the citizen)",
     "setting: scenario lever (ODD C.5)"},
    {"care.coproduction_break_even", 0.1, 0.0, 1.0, "effort x trust",
     "effort x trust in government at which co-production neither helps nor harms; below it, need "
     "goes unmet",
     "none: assumption (the path by which co-production can hurt); sweep it"},
    {"care.coproduction_admissions", 0.1, 0.0, 1.0, "share",
     "share of emergency admissions co-production at strength 1 and full partnership prevents "
     "(adds, if not)",
     "none: Panagioti et al. 2014 (BMC Health Serv Res 14:356): self-management support can cut "
     "hospital use "
     "without worse outcomes; size an assumption; sweep it"},
    {"care.coproduction_unmet", 0.3, 0.0, 1.0, "share",
     "share of unmet need co-production at strength 1 and full partnership meets (adds, if not)",
     "none: assumption; sweep it"},
    {"care.coproduction_consultations", 0.1, 0.0, 1.0, "share",
     "share of primary care consultations co-production at strength 1 and full partnership "
     "replaces (adds, if not)",
     "none: Panagioti et al. 2014; size an assumption; sweep it"},
    {"care.coproduction_community", 0.1, 0.0, 10.0, "contacts a month",
     "community contacts a month co-production at strength 1 adds for a person with a condition "
     "(its cost)",
     "none: assumption; sweep it"},
};

template <std::size_t N>
void declare_keys(ParamSchema& s, const Key (&keys)[N]) {
  for (const Key& k : keys)
    s.add_real(k.key, k.value, k.low, k.high, k.unit, k.description).source = k.source;
}

// Start shares, onset and progression by quintile and band from the table (ODD C.1).
void derive_conditions(CareParams& p, const PopulationData& d) {
  double level_sum = 0.0;
  for (int q = 0; q < kDeprivationQuintiles; ++q) {
    p.quintile_level[q] =
        static_cast<float>(1.0 + (p.deprivation_ratio - 1.0) * q / (kDeprivationQuintiles - 1));
    level_sum += p.quintile_level[q];
  }
  for (float& l : p.quintile_level) l = static_cast<float>(l * kDeprivationQuintiles / level_sum);
  for (int b = 0; b < kAgeBands; ++b) {
    // Band 0 carries a child from none at birth to the band's shares at its middle; band b
    // from its middle to the next band's; the last band keeps the hazards before it.
    double onset = 0.0;
    if (b == 0) {
      onset = care::onset_hazard(0.0, d.ltc_any[0], kBandMiddle[0]);
      p.progression[0] = static_cast<float>(
          care::progression_hazard(0.0, 0.0, d.ltc_any[0], d.ltc_multiple[0], kBandMiddle[0]));
    } else {
      const int from = std::min(b, kAgeBands - 2);
      const double years = kBandMiddle[from + 1] - kBandMiddle[from];
      onset = care::onset_hazard(d.ltc_any[from], d.ltc_any[from + 1], years);
      p.progression[b] = static_cast<float>(
          care::progression_hazard(d.ltc_any[from], d.ltc_multiple[from], d.ltc_any[from + 1],
                                   d.ltc_multiple[from + 1], years));
    }
    for (int q = 0; q < kDeprivationQuintiles; ++q) {
      const double l = p.quintile_level[q];
      const double any = std::min(0.99, d.ltc_any[b] * l);
      p.start_any[q][b] = static_cast<float>(any);
      p.start_multiple[q][b] =
          static_cast<float>(d.ltc_any[b] > 0.0 ? any * d.ltc_multiple[b] / d.ltc_any[b] : 0.0);
      p.onset[q][b] = static_cast<float>(onset * l);
    }
  }
}

// Relative use by level from the share of use by people with a condition: with population
// shares s0, s1, s2 and relative rates 1, r, r m, the share is (s1 r + s2 r m) / (s0 + s1 r +
// s2 r m) = `share`, so r = share / (1 - share) x s0 / (s1 + m s2); the base rate then makes
// the population mean `mean` (ODD C.2).
std::array<float, 3> monthly_by_level(double mean, double share, double multiple,
                                      const PopulationData& d) {
  double any = 0.0, two = 0.0;
  for (int b = 0; b < kAgeBands; ++b) {
    any += d.age_share[b] * d.ltc_any[b];
    two += d.age_share[b] * d.ltc_multiple[b];
  }
  const double s0 = 1.0 - any, s1 = any - two, s2 = two;
  const double r =
      s1 + multiple * s2 > 0.0 ? share / (1.0 - share) * s0 / (s1 + multiple * s2) : 1.0;
  const double base = mean / (s0 + s1 * r + s2 * r * multiple);
  return {static_cast<float>(base / 12.0), static_cast<float>(base * r / 12.0),
          static_cast<float>(base * r * multiple / 12.0)};
}

}  // namespace

void declare_care(ParamSchema& s) {
  s.add_bool(
       "care.enabled", true,
       "ageing and chronic care: onset and progression of long-term conditions, emergency, primary "
       "and "
       "community care and their cost, quality of life, satisfaction, carers; off: none of it runs")
      .source = "setting: mechanism switch";
  declare_keys(s, kConditions);
  declare_keys(s, kUse);
  declare_keys(s, kWellbeing);
  declare_keys(s, kLevers);
}

void derive_care(CareParams& p, const PopulationData& d) {
  derive_conditions(p, d);
  p.admission_monthly =
      monthly_by_level(p.admissions, p.admission_ltc_share, p.admission_multiple, d);
  p.consultations_monthly =
      monthly_by_level(p.consultations, p.consultation_ltc_share, p.consultation_multiple, d);
}

CareParams read_care_params(const ParamValues& v, const PopulationData& data) {
  CareParams p;
  auto r = [&](const char* key) { return v.get_real(key); };
  auto f = [&](const char* key) { return static_cast<float>(v.get_real(key)); };
  p.enabled = v.get_bool("care.enabled");
  p.deprivation_ratio = r("care.deprivation_ratio");
  p.admissions = r("care.admissions");
  p.admission_ltc_share = r("care.admission_ltc_share");
  p.admission_multiple = r("care.admission_multiple");
  p.consultations = r("care.consultations");
  p.consultation_ltc_share = r("care.consultation_ltc_share");
  p.consultation_multiple = r("care.consultation_multiple");
  p.community_one = f("care.community_one");
  p.community_multiple = f("care.community_multiple");
  p.cost_admission = f("care.cost_admission");
  p.cost_consultation = f("care.cost_consultation");
  p.cost_community = f("care.cost_community");
  p.unmet = f("care.unmet");
  p.carer_hours_one = f("care.carer_hours_one");
  p.carer_hours_multiple = f("care.carer_hours_multiple");
  p.quality = {f("care.quality_none"), f("care.quality_one"), f("care.quality_multiple")};
  p.quality_unmet = f("care.quality_unmet");
  p.quality_relax = f("care.quality_relax");
  p.admission_shock = f("care.admission_shock");
  p.satisfaction_share = r("care.satisfaction_share");
  p.satisfaction_sd = r("care.satisfaction_sd");
  p.satisfaction_relax = f("care.satisfaction_relax");
  p.satisfaction_unmet = f("care.satisfaction_unmet");
  p.satisfaction_admission = f("care.satisfaction_admission");
  p.personal_budgets = f("care.personal_budgets");
  p.budget_quality = f("care.budget_quality");
  p.budget_satisfaction = f("care.budget_satisfaction");
  p.budget_break_even = f("care.budget_break_even");
  p.budget_shift = f("care.budget_shift");
  p.coproduction = f("care.coproduction");
  p.coproduction_break_even = f("care.coproduction_break_even");
  p.coproduction_admissions = f("care.coproduction_admissions");
  p.coproduction_unmet = f("care.coproduction_unmet");
  p.coproduction_consultations = f("care.coproduction_consultations");
  p.coproduction_community = f("care.coproduction_community");
  derive_care(p, data);
  return p;
}

}  // namespace coalesce::coalition
