import { describeException } from '../kepler/warnings.js';
import { fewReasons } from '../util/reasons.js';
import type { IssueFacts } from './errors.js';
import type { HelpKey } from './help.js';
import type { Catalogue, LabelText } from './messages.js';

/**
 * 한국어 메시지 카탈로그 (Korean). Same keys as en.ts; the test checks every key is translated.
 * Laws by their Korean names: 탄소중립기본법 (Carbon Neutrality Act), 에너지이용 합리화법 (Energy Use
 * Rationalization Act), 그린데이터센터 인증 (Green Data Center certification).
 */

const labels: Record<LabelText, string> = {
  // statuses
  COMPLIANT: '준수',
  NON_COMPLIANT: '미준수',
  NOT_APPLICABLE: '해당 없음',
  NOT_ASSESSED: '평가 안 함',
  REPORT: '보고 의무',
  PASS: '통과',
  FAIL: '실패',
  // table headings and labels
  Workload: '워크로드',
  Workloads: '워크로드',
  Status: '상태',
  Power: '전력',
  'Power (W)': '전력 (W)',
  'GPU (W)': 'GPU (W)',
  Emissions: '배출량',
  Intensity: '탄소집약도',
  Region: '리전',
  Period: '기간',
  'Carbon check': '탄소 검사',
  Optimization: '최적화',
  Reduction: '감축',
  Effort: '난이도',
  What: '내용',
  Standard: '기준',
  Check: '검사',
  Value: '값',
  Limit: '한도',
  Gap: '차이',
  Namespace: '네임스페이스',
  Kind: '종류',
  Pods: '파드',
  'Failed checks': '실패한 검사',
  'kgCO2e/month': 'kgCO2e/월',
  // A change of a percentage: percentage points.
  points: '%포인트',
  'g/kWh (hour-weighted)': 'g/kWh (시간 가중)',
  Scope: '범위',
  'Running pods': '실행 중인 파드',
  'Total power': '총 전력',
  'Pods in the period': '기간 중 실행된 파드',
  'Average power': '평균 전력',
  'Average per pod': '파드당 평균',
  'Compliant pods': '준수 파드',
  'Terminated pods': '종료된 파드',
  Summed: '합산 대상',
  Share: '비중',
  Node: '노드',
  'Pods (W)': '파드 (W)',
  'CPU active (W)': 'CPU 활성 (W)',
  'CPU idle (W)': 'CPU 유휴 (W)',
  'GPU active (W)': 'GPU 활성 (W)',
  'GPU idle (W)': 'GPU 유휴 (W)',
  'Idle share': '유휴 비중',
  'Platform (W)': '플랫폼 (W)',
  Unattributed: '미배분',
  Energy: '에너지',
  Now: '지금',
  Best: '최적',
  Window: '실행 구간',
  Saving: '절감',
  Searched: '탐색 범위',
  Pod: '파드',
  'Energy (kWh)': '에너지 (kWh)',
  'Node idle': '노드 유휴',
  Priority: '우선순위',
  Resource: '리소스',
  Action: '조치',
  Why: '근거',
  'Intensity (g/kWh)': '탄소집약도 (g/kWh)',
  'Judged on (g/kWh)': '판정 기준 (g/kWh)',
  PUE: 'PUE',
  'Grid (g/kWh)': '전력망 (g/kWh)',
  Name: '이름',
  Code: '코드',
  Jurisdiction: '관할',
  'Checks (limit in force)': '검사 (시행 중인 한도)',
  Basis: '기준 계수',
  Default: '기본',
  // phrases
  'all namespaces': '모든 네임스페이스',
  high: '높음',
  medium: '보통',
  low: '낮음',
  // A reference, not a limit the Act sets: the label says so where a verdict stands beside it (assess, list).
  KR_CARBON_2050: 'KR_CARBON_2050 (참고 기준, 법정 한도 아님)',
  KR_PUE_GREEN_DC: 'KR_PUE_GREEN_DC (그린데이터센터 인증)',
  'Avg W': '평균 W',
  'kgCO2e/month saved': '월 절감 kgCO2e',
  current: '현재',
  optimized: '최적화 후',
  best: '최적',
  now: '지금',
  // legal status of a standard
  law: '법률',
  regulation: '규제',
  reference: '참고 기준',
  'voluntary-certification': '자율 인증',
  roadmap: '로드맵',
  budget: '예산',
  yes: '예',
  Setting: '설정',
  Origin: '출처',
  Files: '파일',
  'built-in': '기본 제공',
  'user config': '사용자 설정',
  env: '환경 변수',
  'Assess workload compliance': '워크로드 준수 평가',
  'Compare optimization impact': '최적화 효과 비교',
  'Configuration in force': '적용 중인 설정',
  'Config file JSON Schema': '설정 파일 JSON 스키마',
  'Power hotspots': '전력 핫스팟',
  'List workloads by compliance': '준수 상태별 워크로드 목록',
  'Regional comparison': '리전 비교',
  'Cluster carbon report': '클러스터 탄소 보고서',
  'Optimal schedule': '최적 실행 시간',
  'Compliance standards': '준수 기준',
  'Power consumption summary': '전력 소비 요약',
  'Top power consumers': '전력 상위 소비자',
};

/** The "change since the previous run" table, the same in the markdown and HTML reports. */
const CHANGE_COLS = ['항목', '직전 실행', '이번 실행', '변화'];
const CHANGE_ROWS = {
  energy: '일 에너지',
  emissions: '월 배출량',
  compliance: '준수 워크로드',
  findings: '실패한 검사',
};

const reportTable = {
  findings: '지적 사항',
  totals: '합계',
  period: '기간',
  periodLine: (from: string, to: string, hours: number, energy: string, emissions: string) =>
    `${from} ~ ${to} (${hours}시간): ${energy}, ${emissions} CO2e`,
  cleanest: '가장 깨끗한 시간대',
  change: '직전 실행 대비',
  namespaceCols: ['네임스페이스', '워크로드', '전력', 'CO2e/월', '준수', '실패'],
  budgetCols: ['네임스페이스', '검사', '값', '한도', '상태'],
  more: 'html(-o html 또는 --report html=FILE)에는 상위 소비자, 조치, 탄소집약도 곡선과 추세가 더해집니다',
  totalsLine: (power: string, energy: string, emissions: string, rate: string) =>
    `${power}, 하루 ${energy}, 월 ${emissions} CO2e, 준수 ${rate}`,
  cleanestLine: (start: string, end: string, best: string, now: string) =>
    `현지 시각 ${start}–${end}, ${best} (지금 ${now})`,
};

const reportMarkdown = {
  pass: '✅ 통과',
  fail: '❌ 실패',
  findings: '⚠️ 지적 사항',
  gate: (errors: number, warnings: number, excused: number) =>
    [
      errors === 0 ? '오류 등급의 실패한 검사 없음' : `오류 등급의 실패한 검사 ${errors}건`,
      ...(warnings ? [`경고 등급 ${warnings}건`] : []),
      ...(excused ? [`예외로 면제 ${excused}건`] : []),
    ].join(', '),
  policy: (failOn: 'error' | 'warning' | 'never', allowPartial: boolean) =>
    `${
      failOn === 'never'
        ? '보고 전용: 검사 결과로 실패하지 않음'
        : failOn === 'warning'
          ? '오류 또는 경고 심각도 결과가 있으면 실패'
          : '오류 심각도 결과가 있으면 실패'
    }${allowPartial ? ', 부분 데이터 허용' : ''}`,
  incomplete: '불완전한 데이터: 소스 실패 또는 시계열 제외',
  pointInTime: (at: string, local?: string) => `${at}${local ? ` (${local})` : ''} 시점 측정값`,
  period: (from: string, to: string, hours: number, local?: string) =>
    `기간 ${from} ~ ${to} (${hours}시간${local ? `; ${local}` : ''})`,
  totals: (
    power: string,
    energy: string,
    emissions: string,
    rate: string,
    findings: number,
    average = false,
  ) =>
    `${average ? '평균' : '현재'} **${power}** · 하루 **${energy}** · 월 **${emissions}** CO2e · 준수 워크로드 **${rate}** · 실패한 검사 **${findings}**건`,
  periodTotals: (energy: string, emissions: string) => `기간 합계: **${energy}** · **${emissions}** CO2e`,
  periodCols: ['기간 에너지', '기간 CO2e'],
  meta: (region: string, standards: string) => `리전 ${region} · 기준 ${standards}`,
  namespaceOver: (namespace: string, figures: string) => `네임스페이스 ${namespace} 예산 초과: ${figures}`,
  budgetFigure: (value: string, limit: string) => `${value} (한도 ${limit})`,
  unit: (unit: string) => (labels as Record<string, string>)[unit] ?? unit,
  budgets: '네임스페이스 예산',
  budgetCols: ['네임스페이스', '검사', '값', '한도', '상태'],
  namespaces: '네임스페이스',
  namespaceCols: ['네임스페이스', '워크로드', '전력', '에너지 / 일', 'CO2e / 월', '준수', '실패한 검사'],
  topConsumers: '상위 소비자',
  topCols: ['워크로드', '종류', '전력', 'CO2e / 월', '상태', '실패한 검사'],
  hotspots: '핫스팟과 조치',
  hotspotLine: (n: number, threshold: string, share: string, saving: string) =>
    `파드 ${n}개가 ${threshold} 이상을 소비합니다(전력의 ${share}). 조치하면 월 ${saving} CO2e를 줄일 수 있습니다.`,
  actionCols: ['우선순위', '리소스', '조치', '월 절감량', '근거'],
  intensity: '가장 깨끗한 시간대',
  intensityLine: (region: string, hours: number, start: string, end: string, best: string, now: string) =>
    `${region}에서 가장 깨끗한 ${hours}시간 구간은 현지 시각 ${start}–${end}입니다(평균 ${best}). 지금은 ${now}.`,
  daily: '일별',
  dailyCols: ['날짜 (UTC)', '시간', '에너지', 'CO2e'],
  trend: '직전 실행 대비 변화',
  changeCols: CHANGE_COLS,
  changeRows: CHANGE_ROWS,
  data: (intensity: number, iyear: number, pue: number, pyear: number, at: string) =>
    `전력망 탄소집약도 ${intensity} gCO2e/kWh(${iyear}년), PUE ${pue}(${pyear}년); 메트릭 수집 시각 ${at}.`,
  headline: (nonCompliant: number, workloads: number, findings: number, standards: string, names: string) =>
    nonCompliant === 0
      ? `워크로드 ${workloads}개 모두 ${standards} 충족`
      : `워크로드 ${workloads}개 중 ${nonCompliant}개 미준수${names ? ` (${names})` : ''}, 실패한 검사 ${findings}건`,
};

const reportHtml = {
  lang: 'ko',
  pass: '통과',
  fail: '실패',
  findings: '지적 사항',
  pointInTime: (at: string, local?: string) => `${at}${local ? ` (${local})` : ''} 시점 측정값`,
  period: (from: string, to: string, hours: number, local?: string) =>
    `기간 ${from} ~ ${to} (${hours}시간${local ? `; ${local}` : ''})`,
  regionStandards: (region: string, standards: string) => `리전 ${region} · 기준 ${standards}`,
  kpi: {
    power: '현재 전력',
    averagePower: '기간 평균 전력',
    energy: '일 에너지',
    emissions: '월 배출량',
    compliance: '준수 워크로드',
    findings: '실패한 검사',
  },
  namespaces: '네임스페이스',
  namespaceCols: [
    '네임스페이스',
    '워크로드',
    '파드',
    '전력',
    '에너지 / 일',
    'CO2e / 월',
    '준수',
    '실패한 검사',
  ],
  periodCols: ['기간 에너지', '기간 CO2e'],
  budgets: '네임스페이스 예산',
  budgetCols: ['네임스페이스', '검사', '값', '한도', '상태'],
  emissionsByNamespace: '네임스페이스별 배출량 (kg CO2e / 월)',
  topConsumers: '상위 소비자',
  topCols: ['워크로드', '종류', '파드', '전력', 'CO2e / 월', '상태', '실패한 검사'],
  hotspots: '핫스팟과 조치',
  hotspotLine: (n: number, threshold: string, share: string, saving: string) =>
    `파드 ${n}개가 ${threshold} 이상을 소비합니다(전력의 ${share}). 조치하면 월 ${saving} CO2e를 줄일 수 있습니다.`,
  actionCols: ['우선순위', '리소스', '조치', '월 절감량', '근거'],
  noActions: '배출량을 줄일 조치가 없습니다.',
  intensity: '하루 동안의 전력망 탄소집약도',
  intensityTitle: (region: string, offset: string) => `${region}, 현지 표준시 (${offset})`,
  bestWindow: (hours: number) => `가장 깨끗한 ${hours}시간`,
  now: '지금',
  intensityLine: (hours: number, start: string, end: string, best: string, now: string) =>
    `가장 깨끗한 ${hours}시간 구간: 현지 시각 ${start}–${end}, 평균 ${best}. 지금은 ${now}.`,
  noProfile: (region: string) => `리전 ${region}에는 시간대별 프로파일이 없습니다.`,
  daily: '일별',
  dailyEnergy: '일 에너지 (kWh)',
  dailyCols: ['날짜 (UTC)', '시간', '에너지', 'CO2e'],
  dailyEmissions: '일 배출량 (kg CO2e)',
  trend: '지난 실행 추세',
  trendEnergy: '일 에너지 (kWh)',
  trendEmissions: '월 배출량 (kg CO2e)',
  trendCompliance: '준수 워크로드 (%)',
  changeCols: CHANGE_COLS,
  changeRows: CHANGE_ROWS,
  worst: '배출량이 가장 많은 워크로드',
  worstCols: ['워크로드', 'CO2e / 월', '직전 실행 대비 변화'],
  newWorkload: '신규',
  noTrend: '추세는 --history로 두 번째 실행부터 나타납니다.',
  data: '사용한 데이터',
  dataLines: {
    intensity: (v: number, year: number, source: string) =>
      `전력망 탄소집약도 ${v} gCO2e/kWh (${year}년; ${source})`,
    pue: (v: number, year: number, source: string) => `PUE ${v} (${year}년; ${source})`,
    metrics: (at: string, nodes: number, zones: string) =>
      `Kepler 메트릭: ${at} 수집, 노드 ${nodes}개, 영역 ${zones}`,
    failed: (list: string) => `실패한 소스: ${list}`,
  },
  generated: (ts: string) => `kcarbon이 ${ts}에 생성했습니다.`,
};

/** Korean names of the laws and certifications behind the built-in standards (the foreign ones keep their own name beside). */
const standards = {
  KR_CARBON_2050:
    '탄소중립기본법 (기후위기 대응을 위한 탄소중립·녹색성장 기본법): 기준 전력 탄소집약도 (법정 한도 아님)',
  KR_PUE_GREEN_DC:
    '그린데이터센터 인증 (한국IT서비스산업협회): PUE 최상위 구간 (자율 인증; 에너지이용 합리화법에는 PUE 한도 없음)',
  JP_PUE_2030: '일본 데이터센터 벤치마크: 2030 회계연도까지 PUE 1.4 (省エネ法 ベンチマーク制度)',
  DE_ENEFG: '독일 에너지효율법: 데이터센터 PUE 한도 (Energieeffizienzgesetz (EnEfG) § 11)',
  SG_GREEN_DC: '싱가포르 그린 데이터센터 로드맵: PUE 1.3',
  EU_EED: 'EU 에너지효율지침: 데이터센터 보고 의무',
  CN_DC_ACTION_PLAN:
    '중국 데이터센터 녹색·저탄소 발전 특별 행동계획: 평균 PUE 1.5 미만 (数据中心绿色低碳发展专项行动计划)',
};

/** Sentences of the command tables. */
const text: Catalogue['text'] = {
  listFooter: (
    total: number,
    compliant: number,
    nonCompliant: number,
    standard: string,
    region: string,
    over: string,
  ) =>
    `워크로드 ${total}개: 준수 ${compliant}개, 미준수 ${nonCompliant}개 (${standard}, 리전 ${region}${over})`,
  listExcused: (n: number) => `; 예외로 면제된 지적 ${n}건 (게이트 실패 아님)`,
  unknownFigure: '알 수 없음',
  excusedCheck: (check: string) => `${check} (면제)`,
  listOver: (from: string, to: string, hours: string) => `, 기간 ${from} – ${to} (${hours}시간)`,
  pods: (n: number) => `실행 중인 파드 ${n}개`,
  podsInPeriod: (n: number) => `기간 중 실행된 파드 ${n}개`,
  namespaceScope: (ns: string) => `네임스페이스 ${ns}`,
  emissionsLine: (hourly: string, monthly: string) => `${hourly} gCO2e/시간, ${monthly} kgCO2e/월 (730시간)`,
  emissionsIn: (hourly: string, monthly: string, region: string) =>
    `${hourly} gCO2e/시간, ${monthly} kgCO2e/월, 리전 ${region}`,
  intensityLine: (grid: string, hour: number, pue: number, facility: string) =>
    `전력망 ${grid} g/kWh (현지 ${hour}시); × PUE ${pue} = IT kWh당 ${facility} g`,
  regionLine: (region: string, name: string, hour: number) => `${region} (${name}), 현지 ${hour}시`,
  terminated: (n: number) => `${n}개 (현재 전력에 미포함)`,
  summed: (components: string, zones: string) => `${components}; CPU 영역 ${zones}`,
  judgedOn: (intensity: string, basis: string) =>
    `${intensity} g/kWh로 판정 (${basis.replace('steady-state (no history)', '상시 가동 가정, 이력 없음').replace('period (hour-weighted)', '기간, 시간 가중')})`,
  noCarbonCheck: '없음: 선택한 기준에 탄소 검사가 없습니다',
  periodLine: (from: string, to: string, hours: string, kwh: string, kg: string, watts: string) =>
    `${from} – ${to} (${hours}시간): ${kwh} kWh, ${kg} kgCO2e, 평균 ${watts} W`,
  usage: 'kcarbon: 사용법',
  warningPrefix: 'kcarbon: 경고:',
  progressSources: (done, total, failed) =>
    `소스 읽는 중: ${total}개 중 ${done}개 완료${failed > 0 ? `, ${failed}개 실패` : ''}`,
  progressWait: (seconds) => `--sample: 두 번째 수집까지 ${seconds}초 대기 중`,
  progressAssessing: (workload) => `${workload} 평가 중`,
  shortMcpToken: () => 'MCP 베어러 토큰이 16자보다 짧습니다. 예: openssl rand -hex 32로 만드세요',
  httpOnlyFlags: (flags) => `${flags}은(는) --transport http에서만 쓰입니다. 무시합니다`,
  sourceNotYet: (reason) => `${reason}. 생길 때까지 도구 호출은 실패합니다`,
  mcpReadyStdio: () => 'MCP 서버가 stdio에서 준비되었습니다',
  mcpListening: (url, sse, health, token, stateless, hosts) =>
    `MCP 서버 수신 중: ${url} (기존 SSE: ${sse}, 상태 확인: ${health}` +
    `${token ? ', 베어러 토큰 필요' : ''}${stateless ? ', 무상태' : ''}; 허용하는 Host: ${hosts})`,
  progressQueries: (done, total, splits, refused) =>
    `Prometheus 읽는 중: 쿼리 ${total}개 중 ${done}개 완료` +
    `${splits > 0 ? `, ${splits}번 분할` : ''}` +
    `${refused > 0 ? `, 너무 커서 거부된 응답 ${refused}개` : ''}`,
  historyNotJson: (file, line) => `${file}:${line}: JSON이 아니어서 건너뛰었습니다`,
  finding: (what, value, gap, limit, check, status) =>
    `${what}: ${value}, 한도(${limit}) ${gap} % 초과 [${check}, ${status}]`,
  excused: (finding, reason) => `${finding} — 예외로 면제: ${reason}`,
  sourceFailedTitle: 'kcarbon: 소스 실패',
  failed: '실패',
  periodSpan: (from, to, hours) => `${from} – ${to} (${hours}시간)`,
  periodEnergy: (kwh, kg, intensity) => `IT ${kwh} kWh, ${kg} kgCO2e (시간 가중 ${intensity} g/kWh 기준)`,
  topShown: (shown, total) => ` (${total}개 중 상위 ${shown}개)`,
  topFooter: (pods, watts, summed) => `실행 중인 파드 ${pods}개, ${watts} W (${summed})`,
  topPeriod: (pods, from, to, kwh, kg) =>
    `${from} – ${to} 동안 에너지를 쓴 파드 ${pods}개: ${kwh} kWh, ${kg} kgCO2e, 에너지 순`,
  terminatedHeading: '종료된 파드 (현재 전력에 미포함):',
  hotspotsLine: (n, threshold, watts, share, scope) =>
    `${threshold} W 이상인 핫스팟 ${n}개: ${watts} W, 전체 ${scope} W의 ${share} %`,
  hotspotsPotential: (kg, watts) =>
    `절감 가능량: 월 ${kg} kgCO2e, ${watts} W (파드별로 조치를 결합, 중복 계산 없음)`,
  hotspotsAdvice: (n, threshold, watts, top) =>
    n === 0
      ? `${threshold} W 이상을 소비하는 파드가 없습니다`
      : top
        ? `${top.resource}의 ${top.action}부터 시작하십시오: ${top.reason} (월 -${top.kg} kgCO2e)`
        : `핫스팟 ${n}개가 ${watts} W를 소비합니다; 배출량을 줄이는 계산된 조치가 없습니다`,
  compareApplied: '적용 순서 (감축률은 곱해짐):',
  compareCombined: (percent, kg) => `결합 효과: 배출량 -${percent} %, 월 ${kg} kgCO2e 절감`,
  regionsHead: (workload, watts) => `${workload}: ${watts} W (* = 현재 리전)`,
  regionsOtherBasis: (regions, basis) =>
    `${regions}: ${basis} 기준 수치가 없고 다른 기준(괄호 안)의 수치만 있어 비교하지 않았습니다. 목록에만 표시하며 절감률은 제시하지 않습니다(—)`,
  regionsAdvice: (current, best, bestName, saving, kg, threshold, move) =>
    best === current
      ? `${current}: 비교한 리전 중 이미 가장 깨끗합니다`
      : move
        ? `${best} (${bestName}) 리전으로 이전을 검토하십시오: 배출량 ${saving} % 감소 (월 ${kg} kgCO2e)`
        : `${current}에 머무르십시오: 최선의 대안 ${best}도 ${saving} %만 줄입니다 (기준 ${threshold} %)`,
  scheduleWorkload: (workload, watts, hours) => `${workload} (${watts} W), 실행당 ${hours}시간`,
  scheduleNow: (start, end, tz) => `현지 시각 ${start}–${end} (${tz})`,
  scheduleBest: (start, end, tz) => `현지 시각 ${start}–${end} (${tz})`,
  scheduleTypicalDay: '전형적인 하루 (시간대별 프로파일)',
  scheduleStandardHours: (tz) => `아래 프로파일 시각은 표준시(${tz})이며 일광 절약 시간은 반영하지 않습니다`,
  scheduleSearched: (provider, within) =>
    `${provider ? `${provider} 예측` : '시간대별 프로파일'}, ${within}시간 안에 끝나는 구간`,
  scheduleReference: '참고용 전형적인 하루 (오프라인 프로파일):',
  scheduleAdvice: (better, hours, region, startNow, start, wait, local, percent, provider) =>
    better
      ? `현지 시각 ${start}에 시작하십시오 (${wait}시간 후, ${local}): 지금 시작할 때보다 실행당 CO2e ${percent} % 감소${provider ? ` (${provider} 예측)` : ''}`
      : `지금 실행하십시오: ${region}에서 ${startNow}에 시작하는 것보다 깨끗한 ${hours}시간 구간이 없습니다`,
  standardReport: (kpis) => `보고: ${kpis}`,
  noLimitYet: '(아직 없음)',
  noteReportDuty: (kpis, due) =>
    `보고 의무: ${kpis}${due ? ` (${due})` : ''}; kcarbon은 에너지, 탄소, PUE만 측정합니다`,
  noteVariant: (variant, judged) =>
    `'${variant}' 시설에 적용되는 대체 기준입니다. kcarbon은 '${judged}' 기준으로 판정합니다`,
  noteLimitFrom: (from, max) => `${from} 전에는 적용되는 한도가 없습니다 (이후 ${max})`,
  noteNoLimit: () => '적용되는 한도가 없습니다',
  reportTitle: (scope, region) => `kcarbon 보고서: ${region}의 ${scope}`,
  dataNote: (region, name, hour, intensity, intensitySource, intensityYear, pue, pueSource, pueYear) =>
    `데이터: 리전 ${region} (${name}), 현지 ${hour}시; 전력망 탄소집약도 ${intensity} g/kWh (${intensitySource}, ${intensityYear}년); PUE ${pue} (${pueSource}, ${pueYear}년).`,
  incomplete: (reporting, expected, failed, sources) =>
    `불완전한 데이터: 노드 ${expected}개 중 ${reporting}개만 보고; 실패한 소스 ${failed}개: ${sources}`,
  incompleteNote: (what) => `경고: ${what}.`,
  incompleteCover: '아래 수치는 보고한 노드만 포함합니다.',
  incompleteFooter: (reporting, expected) => `불완전: 노드 ${expected}개 중 ${reporting}개만 보고`,
  seriesLeftOut: (count, origins) =>
    `${origins}에서 시계열 ${count}개 제외 (제외되었거나 형식이 잘못되었거나 빠진 값; 경고 참조)`,
  andMore: (n) => `그 밖에 ${n}건 (경고 참조)`,
  incompleteSeries: (what) => `불완전한 데이터: ${what}`,
  incompleteSeriesFooter: (what) => `불완전: ${what}`,
  failedSource: (reason) => `실패: ${reason}`,
  incompleteHow: (how) =>
    how === 'exit'
      ? ' (종료 코드 3; --allow-partial이면 읽은 데이터만으로 진행)'
      : how === 'strictExit'
        ? ' (종료 코드 3: --strict; --allow-partial로 무시되지 않음)'
        : how === 'accepted'
          ? ' (--allow-partial로 허용됨)'
          : ' (--strict이면 종료 코드 3)',
  recommendation: (compliant: boolean, failed: number, best?: string, bestPercent?: number) =>
    `${compliant ? '선택한 모든 검사를 준수합니다.' : `미준수: 검사 ${failed}건 실패.`}${best ? ` 단일 최대 감축: ${best} (-${bestPercent} %).` : ''}`,
};

/** Why values were excluded (value-excluded's `kinds`). */
const KINDS: Record<string, string> = {
  'not a number': '숫자 아님',
  infinite: '무한대',
  negative: '음수',
  'implausibly large': '비정상적으로 큼',
};
const kinds = (list: string) =>
  list
    .split(', ')
    .map((k) => KINDS[k] ?? k)
    .join(', ');
const exception = describeException({
  workload: '워크로드',
  namespace: '네임스페이스',
  check: '검사',
  expires: (d) => ` (만료일 ${d})`,
  file: (f) => `, 파일 ${f}`,
});

/** Warnings by code, from their params (the English is in src/kepler/warnings.ts). */
const warning: Catalogue['warning'] = {
  'zone-missing': (p) =>
    'zone' in p
      ? `'${p.zone}' 영역이 보고되지 않는 노드: ${p.nodes}; 이 노드들의 파드는 이 영역에서 0 W로 계산됩니다`
      : `Kepler가 보고하지 않는 영역: ${p.missing}; 합산하는 영역: ${p.summing}`,
  'zone-fallback': (p) =>
    `노드 ${p.node}: package+dram RAPL 영역이 없습니다; CPU 전력으로 최상위 '${p.zones.split(', ').join("' + '")}' 영역을 씁니다`,
  'sources-overlap': (p) =>
    `파드 ${p.count}개가 ${p.first}, ${p.second} 양쪽에서 보고됩니다(같은 노드를 두 번 지정했나요?); 한 번씩만 셉니다`,
  'value-excluded': (p) =>
    'pod' in p
      ? `파드 ${p.pod}: 에너지 카운터 변화가 비정상이어서 제외했습니다`
      : 'hours' in p
        ? `${p.origin}: 노드 ${p.node}: ${p.metric} 시계열 ${p.count}개의 시간별 증가량 ${p.hours}개를 제외했습니다(${kinds(p.kinds)}); 수치에서 해당 시간을 뺐습니다`
        : `${p.origin}: 노드 ${p.node}: ${p.metric} 값 ${p.count}개를 제외했습니다(${kinds(p.kinds)}); 수치에서 해당 시계열을 뺐습니다`,
  'counters-still': (p) =>
    `${p.origin}: ${p.seconds}초 동안 움직인 파드 에너지 카운터가 없어 모든 파드가 0 W로 읽힙니다; Kepler가 갱신하고 있습니까?`,
  'gpu-counter-fell': (p) =>
    `${p.origin}: 파드 ${p.pod}: 두 번의 수집 사이에 GPU 에너지 카운터가 줄었습니다(Kepler는 파드의 현재 프로세스들의 GPU 에너지를 합산합니다: 프로세스가 끝났거나 Kepler가 재시작됨). 그래서 GPU 전력은 구간 평균이 아니라 두 번째 수집 시점의 kepler_pod_gpu_watts 값 ${p.watts} W입니다`,
  'gpu-energy-unknown': (p) =>
    `${p.origin}: 파드 ${p.pod}: 두 번의 수집 사이에 GPU 에너지 카운터가 줄었고(Kepler는 파드의 현재 프로세스들의 GPU 에너지를 합산합니다: 프로세스가 끝났거나 Kepler가 재시작됨) kepler_pod_gpu_watts도 없습니다: GPU 전력을 알 수 없어 제외했습니다`,
  'gpu-above-node': (p) =>
    `${p.origin}: 노드 ${p.node}: 같은 두 번의 수집에서 파드들의 GPU 전력(${p.pods} W)이 노드 GPU 전력(${p.gpus} W)보다 큽니다. Kepler의 GPU 전력 배분으로는 나올 수 없는 값이므로 어떤 파드의 GPU 수치가 잘못되었습니다`,
  'source-failed': (p) => `${p.error} (이 노드는 이번 보고서에서 제외)`,
  'source-hours-missing': (p) =>
    `Kepler 익스포터 ${p.origin} (Prometheus job ${p.job})가 ${p.spans} 동안 수집되지 않음 (up == 0): 그 ${p.hours}시간 동안 노드의 에너지가 빠져 있습니다`,
  'history-hours-empty': (p) =>
    `${p.origin}: ${p.spans} 동안 Kepler 에너지 카운터의 샘플이 하나도 없습니다 (Prometheus가 중단되었거나 Kepler를 수집하지 않았습니까?): 그 ${p.hours}시간 동안 클러스터의 에너지가 빠져 있습니다`,
  'targets-unchecked': (p) =>
    `${p.origin}: Prometheus가 수집하지 못하는 Kepler 익스포터를 확인할 수 없습니다 (${p.reason}); 응답에서 빠진 노드를 알아차리지 못할 수 있습니다`,
  'watts-missing': (p) =>
    `${p.origin}: 노드 ${p.node}: 파드 시계열 ${p.count}개에 에너지 카운터는 있으나 전력 게이지(kepler_pod_cpu_watts)가 없습니다; 수치에서 그 전력을 뺐습니다`,
  'lines-skipped': (p) =>
    `${p.origin}: 형식이 잘못된 줄 ${p.count}개를 건너뛰었습니다` +
    (p.line !== undefined ? ` (첫 번째는 ${p.line}번째 줄: ${p.reason})` : '') +
    '; 멈추려면 --strict를 쓰십시오',
  'node-name-empty': (p) =>
    `${p.origin}: 시계열의 node_name이 ""입니다(Kepler를 --kube.node-name 없이 실행); 노드를 수집 주소로 부릅니다`,
  'node-idle-unknown': (p) =>
    `노드 ${p.count}개가 전력은 보고하지만 유휴 전력도, 그것을 구할 총전력과 활성 전력 둘 다도 보고하지 않습니다(${p.nodes}): 유휴 수치는 0이 아니라 알 수 없음입니다`,
  'fake-meter': (p) =>
    `${p.origin}: 노드 ${p.node}: Kepler의 가짜 CPU 미터(fake meter)를 사용하므로 수치가 측정값이 아닙니다`,
  'no-power-series': (p) =>
    `${p.origin}: Kepler${p.version ? ` ${p.version}` : ''}에 전력 시계열이 없습니다(첫 수집 주기가 끝나지 않았거나 덤프가 잘렸을 수 있음): 이 노드의 전력을 알 수 없습니다`,
  'pods-missing': (p) =>
    `${p.origin}: 노드 ${p.node}에 활성 CPU 전력(영역 ${p.zones}개)은 있지만 파드 시계열이 없습니다(덤프가 잘렸거나 Kepler가 파드 메트릭 없이 실행됨?): 파드 전력을 알 수 없습니다`,
  'exception-expired': (p) => `예외가 만료되어 해당 결과가 다시 집계됩니다: ${exception(p)}`,
  'exception-unused': (p) => `예외가 면제한 결과가 없습니다: ${exception(p)}`,
  'budget-unused': (p) =>
    `설정 budgets.${p.budget}에 해당하는 워크로드나 네임스페이스가 이번 실행에 없어 아무것도 판정되지 않았습니다${p.suggestion ? ` (${p.suggestion}을(를) 의도하셨나요?)` : ''}`,
  'history-skipped': (p) => `이력 항목 ${p.entry}: kcarbon 보고서 줄이 아니어서 건너뛰었습니다`,
  'grid-unused': (p) =>
    'stated' in p
      ? `${p.stated} 설정이 이번 실행에서 ${p.region}의 전력망 탄소집약도를 모든 시간 ${p.value} g/kWh로 지정하므로 ${p.provider}의 실시간 데이터는 쓰지 않습니다`
      : `--basis ${p.basis}: 연간 수치 하나인 공식 배출계수를 쓰므로 ${p.provider}의 실시간 데이터는 쓰지 않습니다`,
  'grid-fallback': (p) =>
    'region' in p
      ? `전력망 데이터 제공자 ${p.provider}: ${p.region}의 데이터를 받을 수 없습니다(${p.reason}); 오프라인 프로파일과 연간 수치를 씁니다`
      : `전력망 데이터 제공자 ${p.provider}: bylocations/best를 쓸 수 없습니다(${p.reason}); 리전을 연간 수치로만 비교합니다`,
  'grid-window-basis': (p) =>
    `${p.provider}의 수치는 ${p.basis} 기준이고 오프라인 프로파일은 ${p.offline_basis} 기준이므로, 실행 구간은 지금 시작하는 실행과 같은 수치(모두 ${p.provider} 수치이거나 모두 오프라인 수치)로 계산된 구간끼리만 비교하고 둘을 섞어 비교하지 않습니다`,
  'grid-partial': (p) =>
    `${p.provider}: ${p.region}의 기간 ${p.hours}시간 중 ${p.missing}시간(${p.spans})의 수치가 없어 오프라인 프로파일과 연간 수치를 씁니다 (data_used.grid.period_figures)`,
  'basis-switched': (p) =>
    `regional_migration은 리전을 ${p.basis} 기준으로 비교합니다(${p.run_basis} 배출계수는 ${p.countries}에만 있음): 현재와 최적화 후 수치 모두 이 기준이며, ${p.region}은(는) ${p.value} g/kWh입니다`,
};

/** Optimization outcomes by type and case (the English is in src/carbon/optimization-text.ts). */
const optimization: Catalogue['optimization'] = {
  regional_migration: {
    none: (p) =>
      `${p.region}보다 깨끗한 리전이 없습니다${p.pue_target === undefined ? '' : ` (PUE ${p.pue_target} 이하 조건)`}`,
    'not-now': (p) =>
      `${p.target}: 연평균으로는 더 깨끗하지만 지금 시각에는 아닙니다 (${p.intensity} g/kWh × PUE ${p.pue})`,
    move: (p) =>
      `${p.target} (${p.name})에서 실행: ${p.pue_target === undefined ? '' : `PUE ${p.pue_target} 이하 `}리전 중 가장 깨끗함, 연평균 ${p.annual} g/kWh (지금 ${p.now}) × PUE ${p.pue}`,
  },
  temporal_shift: {
    'forecast-now': (p) =>
      `지금이 이미 ${p.within}시간 안에 끝나는 ${p.hours}시간 구간 중 ${p.region}에서 가장 깨끗합니다`,
    'forecast-window': (p) =>
      `미룰 수 있는 작업을 ${p.start}부터 ${p.end}까지 실행: ${p.hours}시간 평균 ${p.best} g/kWh (지금 시작하면 ${p.now} g/kWh)`,
    'no-profile': (p) => `${p.region}에는 시간대별 프로파일이 없어 연평균만 알 수 있습니다`,
    official: (p) =>
      `공식 배출계수(${p.basis})는 연간 수치 하나뿐이라 어느 시간도 다른 시간보다 깨끗하지 않습니다`,
    'now-best': (p) => `지금이 이미 ${p.region}에서 가장 깨끗한 ${p.hours}시간 구간입니다`,
    window: (p) =>
      `미룰 수 있는 작업을 현지 시각 ${p.start}–${p.end}${p.days ? `(+${p.days}일)` : ''}에 실행: ${p.hours}시간 평균 ${p.best} g/kWh (지금 시작하면 ${p.now} g/kWh)`,
    'period-window': (p) =>
      `미룰 수 있는 작업을 현지 시각 ${p.start}–${p.end}${p.days ? `(+${p.days}일)` : ''}에 실행: ${p.hours}시간 평균 ${p.best} g/kWh (기간 중 워크로드가 실제로 겪은 시간 가중 집약도 ${p.now} g/kWh)`,
    'period-best': (p) =>
      `기간 중 워크로드는 이미 ${p.region}에서 가장 깨끗한 ${p.hours}시간 구간만큼 깨끗한 시간에 실행되었습니다 (시간 가중 ${p.weighted} g/kWh)`,
  },
  pue_improvement: {
    'no-target': () => '선택한 기준에 PUE 목표가 없습니다',
    meets: (p) => `PUE ${p.pue}: 이미 목표 ${p.target} 이하입니다`,
    improve: (p) => `시설 PUE를 ${p.pue}에서 목표 ${p.target}까지 낮추기`,
  },
  resource_rightsizing: {
    'no-data': () => '워크로드 노드의 CPU 사용률이 보고되지 않습니다 (kepler_node_cpu_usage_ratio)',
    meets: (p) => `노드 CPU 사용률이 이미 ${p.used} %로 목표 ${p.target} % 이상입니다`,
    rightsize: (p) =>
      `요청량을 적정화하고 통합하기: 노드 CPU 사용률 ${p.used} % (목표 ${p.target} %)${p.gpu_unchanged ? ' (CPU 전력만 해당; GPU 전력은 그대로)' : ''}`,
  },
};

const help: Record<HelpKey, string> = {
  program: 'Kepler로 측정한 Kubernetes 워크로드의 전력, 에너지, 탄소 규정 준수',
  configGroup: '설정 명령',
  // commands
  assessSummary: '워크로드 하나의 전력, 배출량, 규정 준수',
  assessDescription:
    '워크로드의 전력(Kepler로 측정한 실행 중인 파드의 합), 시간당·월간 배출량(PUE 반영), 선택한 기준과 예산의 모든 ' +
    '검사를 차이(%)와 계산된 최적화와 함께 보여 줍니다.',
  compareSummary: '워크로드에 최적화를 적용하기 전과 후',
  compareDescription:
    '선택한 최적화를 순서대로(regional_migration, temporal_shift, pue_improvement, resource_rightsizing) 앞 결과에 ' +
    '이어서 적용합니다. 감축률은 곱해지고, 최적화 후 상태는 최적화된 전력, PUE, 탄소집약도로 다시 계산합니다.',
  listSummary: '모든 워크로드와 준수 상태 (CI 게이트)',
  listDescription:
    '실행 중인 파드를 생성된 이름으로 워크로드(Deployment, StatefulSet, Job 등)로 묶고, 각각을 선택한 기준과 예산으로 ' +
    '평가해 나열합니다. status_filter는 표시되는 항목만 바꿉니다.',
  regionsSummary: '다른 클라우드 리전에서의 워크로드 배출량',
  regionsDescription:
    '워크로드의 시간당·월간 배출량을 현재 리전과 다른 리전에서 비교합니다. 각 리전의 연평균 전력망 탄소집약도와 PUE를 ' +
    '쓰므로 시간대가 다른 리전도 공정하게 비교됩니다.',
  scheduleSummary: '--duration 동안 워크로드를 실행하기 가장 깨끗한 시간 (--grid 사용 시 전력망 예측 기반)',
  scheduleDescription:
    '실행 기간의 평균 전력망 탄소집약도가 가장 낮은 시작 시각을 찾습니다. 전력망 데이터 제공자가 설정되어 있으면 그 예측에서 ' +
    '(마감 시한 안에서, 리전 시간대와 UTC의 시각으로), 아니면 리전의 시간대별 프로파일에서(자정을 넘는 구간 포함) 찾고, ' +
    '지금 시작하는 경우와 비교합니다.',
  hotspotsSummary: '--threshold 와트 이상을 소비하는 파드와 준수 상태, 조치',
  hotspotsDescription:
    'Kepler로 측정한 전력이 임계값 이상인 실행 중인 파드를 큰 순서로, 준수 상태와 계산된 예방 조치와 함께 보여 줍니다 ' +
    '(각 조치는 따로 추정하며, 파드별로 조치는 곱으로 결합됩니다).',
  topSummary: 'kubectl top처럼 전력 순으로 나열한 파드',
  topDescription:
    'Kepler로 측정한 전력(기본: package + dram 영역) 순으로 실행 중인 파드를 노드, 전체 대비 비중과 함께 나열합니다.',
  summarySummary: '클러스터/네임스페이스 전력: 합계, 네임스페이스별, 노드별',
  summaryDescription:
    'Kepler로 측정한 실행 중인 파드의 총·평균·네임스페이스별 전력(기본: package + dram 영역)과 노드별 파드·활성·유휴 ' +
    '전력. 종료된 파드는 개수에는 들어가지만 현재 전력에는 들어가지 않습니다.',
  standardsSummary: 'kcarbon이 검사하는 기준과 한도, 법적 지위, 출처',
  standardsDescription:
    '레지스트리의 모든 기준(내장 config/regulations.json과 사용자 설정): 규칙의 종류, 각 검사와 평가 시각에 적용되는 ' +
    '한도, 수치의 출처.',
  reportSummary: '야간 보고서: 판정, 네임스페이스, 상위 소비자, 핫스팟, 가장 깨끗한 시간, 추세',
  reportDescription:
    'cron 작업과 CI 요약을 위한 클러스터(또는 네임스페이스) 보고서 하나: 선택한 기준과 예산에 대한 통과/실패 판정, ' +
    '네임스페이스별 에너지·배출량·준수 상태, 상위 소비자, 핫스팟과 조치, 가장 깨끗한 구간이 표시된 리전의 24시간 ' +
    '탄소집약도 곡선. html, markdown, json으로 출력하며, 이력 파일이 있으면 이전 실행 이후의 추세도 보여 줍니다.',
  reportToolDescription:
    '클러스터(또는 네임스페이스) 보고서 하나: 선택한 기준과 예산에 대한 통과/실패 판정(헤드라인이 무엇이 실패했는지 설명), ' +
    '네임스페이스별 에너지·배출량·준수 상태, 상위 소비자, 핫스팟과 조치, 가장 깨끗한 구간이 표시된 리전의 24시간 ' +
    '탄소집약도 곡선. 결과는 보고서 데이터이며, trend는 여기서 null입니다(CLI가 유지하는 이력 파일에서 읽음).',
  configShowSummary: '적용 중인 모든 설정과 그 값, 출처',
  configShowDescription:
    '내장 config/, 찾았거나 지정한 사용자 설정, .kcarbonignore.yaml, 환경 변수, 플래그를 병합한 뒤 kcarbon이 쓰는 ' +
    '설정(기본값, 리전 수치, 예산, 심각도, 예외)을 각각의 출처와 함께 보여 줍니다.',
  configSchemaSummary: '편집기용 kcarbon 설정 파일의 JSON Schema',
  configSchemaDescription:
    '사용자 설정 파일의 JSON Schema(draft 2020-12)를 출력합니다. "$schema"나 편집기가 이를 가리키게 하면 ' +
    'kcarbon.config.json/.yaml을 입력하는 동안 검증됩니다.',
  serveSummary: 'MCP 서버 실행 (stdio, 또는 Streamable HTTP와 SSE)',
  serveDescription:
    '도구(명령마다 하나), 리소스 템플릿, 프롬프트는 CLI와 같은 레지스트리에서 만들어집니다. 메트릭은 여기서 지정한 ' +
    '소스에서만 읽고 --cache-ttl 동안 재사용합니다. http에서는 기본으로 127.0.0.1에 바인딩하고 Host와 Origin을 ' +
    '검사합니다. 다른 주소에 바인딩하려면 베어러 토큰(--token-file 또는 KCARBON_MCP_TOKEN)이 필요합니다.\n\n' +
    '참고: serve에서 --token-file은 MCP 클라이언트의 토큰이고, Kepler의 토큰은 --kepler-token-file입니다.',
  // arguments and command options
  workloadArg: '파드 또는 컨트롤러 이름',
  namespace: '볼 네임스페이스',
  allNamespaces: '모든 네임스페이스 (-n이 없을 때 기본)',
  standard: '검사할 기준 (쉼표로 구분)',
  region: '클러스터의 클라우드 리전',
  duration: '시간 이동용 실행 길이, 예: 4h',
  within:
    '시간 이동의 마감 시한: 지금부터 이 시간 안에 끝나는 구간 (예측 --grid, 없으면 시계에 놓은 시간대별 프로파일에서), 예: 24h',
  targetUtilization: '적정 규모 목표 (0..1)',
  maxWatts: '예산: 이 전력을 넘으면 실패',
  maxKgMonth: '예산: 이 배출량을 넘으면 실패',
  since:
    '이 기간의 에너지와 시간 가중 탄소, 예: 24h, 7d (--prometheus 필요, 또는 --demo: 이력이 전날 0시(UTC)까지)',
  from: '기간 시작, ISO 8601 (--since 대신)',
  to: '기간 끝, ISO 8601 (기본값 --at, 없으면 지금)',
  optimizations:
    'regional_migration, temporal_shift, pue_improvement, resource_rightsizing 중 원하는 것 (공백 없이 쉼표로 구분)',
  statusFilter: 'COMPLIANT 또는 NON_COMPLIANT만 표시',
  currentRegion: '현재 리전 (기본값은 설정에서)',
  comparisonRegions: '비교할 리전 (쉼표로 구분)',
  regionsStandard: '각 리전을 판정할 기준',
  scheduleDuration: '실행 길이, 예: 4h 또는 90m',
  scheduleWithin: '마감 시한: 지금부터 이 시간 안에 실행이 끝남, 예: 24h (예측 --grid 사용 시 기본 24h)',
  threshold: '핫스팟 임계값 (와트)',
  noCompliance: '전력만: 준수 상태와 조치 없음',
  limit: '나열할 파드 수',
  sortBy: '순위 기준: power 또는 gpu',
  includeTerminated: '종료된 파드도 에너지와 함께 나열',
  windowHours: '탄소집약도 곡선에서 가장 깨끗한 구간의 길이, 예: 4h',
  // options every command shares
  source: '메트릭 소스: 파일, 노드별 덤프 디렉터리, 표준 입력(-) 또는 http(s) URL (반복하거나 쉼표로 구분)',
  demo: '동봉된 데모 클러스터 사용 (fixtures/demo)',
  keplerService:
    '이 Service의 EndpointSlice로 모든 Kepler 익스포터 찾기 (파드 안에서는 서비스 계정, 밖에서는 kubeconfig)',
  kubeconfig: '--kepler-service와 함께: kubeconfig 파일 (기본 ~/.kube/config)',
  context: '--kepler-service와 함께: kubeconfig 컨텍스트 (기본은 파일의 current-context)',
  prometheus: '익스포터 대신 Prometheus에서 Kepler 시계열 읽기 (한 번의 쿼리로 모든 노드)',
  prometheusUser:
    'Prometheus 기본 인증 사용자 (비밀번호는 --prometheus-password-file 또는 PROMETHEUS_PASSWORD)',
  prometheusPasswordFile: 'Prometheus 기본 인증 비밀번호가 든 파일',
  prometheusHeader:
    "Prometheus에 보낼 추가 요청 헤더, 예: 'X-Scope-OrgID: tenant' (Mimir, Cortex; 반복 가능)",
  prometheusMaxSeries:
    'Prometheus 쿼리 응답이 n개 시계열을 넘으면 네임스페이스, 다음엔 시간으로 나누기 (기본 20000)',
  window: '--prometheus와 함께: 이 구간의 평균 전력, 예: 1h (에너지(J) 카운터의 rate)',
  zones: '모든 노드에서 파드 전력에 합산할 CPU 영역 (기본: 보고되면 package,dram, 아니면 노드의 최상위 영역)',
  components: '파드 전력에 합산할 구성 요소: cpu, gpu 또는 cpu,gpu (기본)',
  sample: '두 번 수집(예: 10s 간격, 최소 5s)하고 에너지(J) 카운터로 평균 와트 계산',
  strict: '잘못된 메트릭 줄을 건너뛰지 않고 처음에서 멈추고, 실패한 소스가 있으면 종료 코드 3',
  allowPartial:
    '일부 소스가 실패하거나 시계열이 제외되어도 읽은 데이터만으로 게이트(assess, list, report)를 통과시키기 (기본: 종료 코드 3)',
  timeout: 'URL 요청당 제한 시간 (기본 10s)',
  retries:
    '네트워크 오류와 5xx에서 URL당 재시도 횟수 (기본 2, 최대 10; 대기 시간은 250 ms에서 두 배씩 늘어 최대 30초)',
  maxBytes: '읽을 소스의 최대 크기 (원본과 gunzip 후), 예: 512MiB (기본 256MiB); 더 크면 실패한 소스',
  ca: 'https 소스에 신뢰할 PEM CA 번들',
  insecure: 'TLS 인증서 검증 건너뛰기 (명시적 선택)',
  tokenFile: 'kube-rbac-proxy 뒤의 Kepler 또는 Prometheus용 베어러 토큰 파일',
  openmetrics: '엔드포인트에 text 0.0.4 대신 OpenMetrics 요청',
  config: 'config/ 위에 병합할 사용자 설정 파일 또는 디렉터리 (리전, 기준, 예산)',
  pue: '이번 실행에서 리전의 PUE를 대체',
  intensity:
    '이번 실행에서 리전의 전력망 탄소집약도(gCO2e/kWh)를 모든 시간에 대체 (실시간 --grid 제공자는 쓰지 않음)',
  basis:
    '연간 전력망 탄소집약도: lifecycle (Electricity Maps, 기본), official (국가 공식 배출계수) 또는 official:<id>',
  grid: '실시간 전력망 탄소집약도: offline (기본), electricitymaps, carbon-aware-sdk 또는 watttime; 제공된 시간대는 프로파일 대신 그 값을 사용',
  gridUrl: '전력망 데이터 제공자의 기본 URL (자체 호스팅 또는 테스트 서버), 예: http://127.0.0.1:8080/v3',
  gridCache: '전력망 응답 캐시 디렉터리 (기본 $XDG_CACHE_HOME/kcarbon/grid 또는 ~/.cache/kcarbon/grid)',
  gridStrict: '전력망 데이터 제공자가 실패하면 오프라인 데이터로 대체하지 않고 종료 코드 3으로 종료',
  at: '평가 시각, Z 또는 오프셋이 있는 ISO 8601, 예: 2026-01-15T05:00:00Z (기본 지금)',
  format:
    '출력 형식: table, wide (모든 열), json, yaml, markdown, html, csv, sarif, junit 또는 github (주석)',
  history: '이번 실행을 JSON-lines 이력 파일에 추가하고 이전 실행 이후의 추세 표시',
  mailTo: '보고서(HTML과 일반 텍스트)를 이 주소들로 메일 발송(쉼표로 구분)',
  mailFrom: '보고서 메일의 보내는 주소(기본값 kcarbon@<호스트 이름>)',
  smtp: '메일을 보낼 SMTP 릴레이: smtp://[user:pass@]host[:port] (STARTTLS) 또는 smtps://…',
  report: '보고서를 파일로도 쓰기, 예: sarif=kcarbon.sarif (반복 가능)',
  sarifLocation: '워크로드의 SARIF 위치 (기본 k8s/{namespace}/{name}.yaml; assess, list, report)',
  failOn: '이 심각도 이상의 결과에서 실패: error (기본), warning 또는 never (assess, list, report)',
  noFail:
    '보고만 하기 (--fail-on never와 같음): 검사가 NON_COMPLIANT여도 종료 코드 0 (cron 보고서; assess, list, report)',
  exitCode: '게이트가 실패할 때의 종료 코드 (기본 1; assess, list, report)',
  noAnnotations:
    'GITHUB_ACTIONS=true에서 게이트가 실패해도 ::error/::warning 주석을 출력하지 않기 (assess, list, report)',
  json: '--format json의 약어',
  noHeaders: '머리글 행 없는 표. 목록(top, list...)은 행만 출력합니다 (제목·합계 줄 없음)',
  lang: '출력과 --help 언어: en 또는 ko (기본값은 LANG)',
  color: '색상 강제',
  noColor: '색상 끄기 (NO_COLOR도 가능)',
  quiet: '경고 숨기기',
  debug: '오류와 함께 스택 추적, 그리고 각 Prometheus 쿼리와 개수 출력',
  // serve
  serveMcp: 'Model Context Protocol 제공 (필수; 유일한 서버 모드)',
  serveTransport: 'stdio (기본; Claude Desktop용) 또는 http (/mcp의 Streamable HTTP, /sse의 기존 SSE)',
  serveHost: 'http: 바인딩할 주소 (기본 127.0.0.1)',
  servePort: 'http: 포트 (기본 8000; 0 = 비어 있는 아무 포트)',
  serveStateless: 'http: 세션 없음; 요청마다 새 서버',
  serveTokenFile:
    'http: MCP 클라이언트가 보내야 하는 베어러 토큰이 든 파일; 루프백이 아니면 필수 (환경 변수 KCARBON_MCP_TOKEN에는 토큰 자체)',
  serveKeplerTokenFile: 'kube-rbac-proxy 뒤의 Kepler용 베어러 토큰 파일 (다른 명령의 --token-file)',
  serveAllowedOrigins: 'http: 루프백 외에 허용할 브라우저 origin (쉼표로 구분)',
  serveAllowedHosts: 'http: 127.0.0.1, localhost, [::1] 외에 허용할 Host 이름 (쉼표로 구분)',
  serveMaxSessions: 'http: 최대 동시 세션 수 (Streamable HTTP와 SSE); 넘으면 503 (기본 100)',
  serveSessionIdle: 'http: 이 시간 동안 요청도 열린 스트림도 없으면 세션 닫기 (기본 30m)',
  serveCacheTtl: '도구 호출 사이에 메트릭을 이 시간 동안 재사용 (기본 15s; 0 = 호출마다 수집)',
  serveDebug: '오류와 함께 스택 추적 출력',
  // help layout
  sourceOptions: '소스 옵션:',
  carbonOptions: '탄소 데이터 옵션:',
  outputOptions: '출력 옵션:',
  gateOptions: '게이트 옵션:',
  examples: '예:',
  usage: '사용법:',
  usageOptions: '[옵션]',
  usageCommand: '[명령]',
  options: '옵션:',
  commands: '명령:',
  arguments: '인수:',
  globalOptions: '공통 옵션:',
  helpOption: '명령 도움말 표시',
  versionOption: '버전 번호 출력',
  envSuffix: '환경 변수',
};

/** 오류 메시지와 힌트. 플래그 이름, 파일 이름, URL, 입력에서 인용한 값은 그대로 둡니다. */
const WHAT: Record<'region' | 'standard' | 'profile', string> = {
  region: '리전',
  standard: '기준',
  profile: '프로파일',
};

const errors: Catalogue['errors'] = {
  prefix: () => 'kcarbon: 오류:',
  internal: () => 'kcarbon: (내부 오류; 자세한 내용은 --debug로 다시 실행하세요)',
  badLang: (value) => `--lang '${value}': kcarbon이 지원하지 않는 언어입니다 — en 또는 ko를 쓰세요`,
  unknownOption: (flag) => `알 수 없는 옵션 '${flag}'`,
  unknownCommand: (name) => `알 수 없는 명령 '${name}'`,
  didYouMean: (names) => `(혹시 ${names}?)`,
  missingArgument: (name) => `필수 인수 '${name}'이(가) 없습니다`,
  optionMissingArgument: (flags) => `옵션 '${flags}'에 값이 없습니다`,
  requiredOption: (flags) => `필수 옵션 '${flags}'이(가) 지정되지 않았습니다`,
  tooManyArguments: (command, expected, got) =>
    `'${command}'의 인수가 너무 많습니다. 인수 ${expected}개를 받지만 ${got}개가 주어졌습니다.`,
  notDuration: (what, value) => `${what} '${value}': 기간이 아닙니다`,
  durationUnits: () => '단위가 있는 숫자를 쓰세요. 예: 10s, 5m, 4h',
  durationNoUnit: (what, value) => `${what} '${value}': 단위(s, m, h, d)가 없습니다`,
  notPositive: (what) => `${what}: 0보다 커야 합니다`,
  durationTooLong: (what, value, max) =>
    `${what} '${value}': kcarbon이 기다릴 수 있는 시간보다 깁니다 (최대 ${max})`,
  example: (text) => `예: ${text}`,
  notDateTime: (what, value) => `${what} '${value}': 날짜·시각이 아닙니다`,
  dateTimeFormat: () =>
    'Z 또는 오프셋이 있는 ISO 8601을 쓰세요. 예: 2026-01-15T05:00:00Z 또는 2026-01-15T14:00:00+09:00',
  notWholeNumber: (flag, value) => `${flag}: 정수가 필요하지만 '${value}'이(가) 주어졌습니다`,
  notWholeNumberAtLeast: (flag, min, value) =>
    `${flag}: ${min} 이상의 정수가 필요하지만 '${value}'이(가) 주어졌습니다`,
  notWholeNumberRange: (flag, min, max, value) =>
    `${flag}: ${min}부터 ${max}까지의 정수가 필요하지만 '${value}'이(가) 주어졌습니다`,
  notNumber: (flag, value) => `${flag}: 숫자가 필요하지만 '${value}'이(가) 주어졌습니다`,
  notPositiveNumber: (flag, value) => `${flag}: 양수가 필요하지만 '${value}'이(가) 주어졌습니다`,
  invalidValue: (name, problem) => `${name}: 올바르지 않은 값 (${problem})`,
  validationIssue: (facts) => issueKo(JSON.parse(facts) as IssueFacts),
  fileIssue: (file, where, problem) => `${file}: ${where}${problem}`,
  withinShorterThanRun: (within, duration) =>
    `--within ${within} 기한이 실행 시간(--duration ${duration})보다 짧습니다: 그 기한 안에 끝나는 실행이 없습니다`,
  withinShorterThanRunHint: (duration) => `--within을 ${duration} 이상으로 주거나 --duration을 줄이세요`,
  notCalendarDate: () => '실제 있는 날짜를 YYYY-MM-DD로 쓰세요. 예: 2026-06-30',
  issuesJoined: (first, rest) => `${first}; ${rest}`,
  moreIssues: (count) => `외 ${count}건`,
  notYaml: (file, reason) => `${file}: YAML이 아닙니다: ${reason}`,
  tooLarge: (size) =>
    `--max-bytes ${size}보다 큽니다 (거기서 읽기를 멈췄습니다) — 노드가 정말 그만큼 내보낸다면 --max-bytes를 늘리세요`,
  noEofMark: () => 'OpenMetrics 응답이 # EOF로 끝나지 않습니다 (잘렸나요?)',
  midLine: () => '스트림이 줄 중간에서 끝납니다 (잘렸나요?)',
  gzipCut: () => 'gzip 스트림이 중간에 끊겼습니다 (예기치 않은 파일 끝)',
  notGzip: (reason) => `올바른 gzip 데이터가 아닙니다 (${reason})`,
  invalidUtf8: (offset) =>
    `${offset}번째 바이트에 잘못된 UTF-8이 있습니다 (--strict는 거부합니다. --strict 없이는 U+FFFD로 바뀝니다)`,
  fileCut: (why) => `${why}. 파일이 온전하다면 마지막 줄을 줄바꿈으로 끝내세요`,
  atOrigin: (origin, why) => `${origin}: ${why}`,
  response: (why) => `응답: ${why}`,
  responseIs: (why) => `응답: ${why}`,
  responseHas: (why) => `응답: ${why}`,
  readTimedOut: (duration) => `응답을 읽다가 ${duration} 후 시간 초과`,
  bodyCut: (reason) => `응답이 잘렸습니다: 본문이 끝나기 전에 연결이 닫혔습니다 (${reason})`,
  tooManyRedirects: (max) => `리디렉션이 ${max}번을 넘었습니다`,
  redirectInvalid: () => '올바르지 않은 URL로 리디렉션되었습니다',
  redirectProtocol: (protocol) => `${protocol} URL로 리디렉션되었습니다`,
  redirectToHttp: (host) =>
    `https에서 평문 http(${host})로 리디렉션되었습니다. 토큰이나 비밀번호를 평문으로 보내지 않습니다`,
  redirectToHttpFix: () => '서버가 제공해야 할 https URL을 쓰거나 리디렉션을 고치세요',
  badRequestHttpsFix: () => '포트가 HTTPS를 제공한다면(kube-rbac-proxy :8443) https://를 쓰세요',
  unauthorizedFix: () =>
    '메트릭을 읽을 수 있는 ServiceAccount 토큰을 --token-file FILE(serve: --kepler-token-file)로 넘기세요',
  checkTokenFile: () => '--token-file(serve: --kepler-token-file)을 확인하세요',
  checkUrlCredentials: () => 'URL의 사용자 이름과 비밀번호를 확인하세요',
  checkPrometheusCredentials: () =>
    '사용자와 비밀번호를 확인하세요 (--prometheus-user와 --prometheus-password-file 또는 PROMETHEUS_PASSWORD, 또는 --prometheus URL의 user:password@)',
  prometheusUnauthorizedFix: () =>
    '--prometheus-user NAME과 --prometheus-password-file FILE(기본 인증) 또는 --token-file FILE(serve: --kepler-token-file; bearer 토큰)을 주세요',
  forbiddenProxyFix: () => '토큰의 ServiceAccount에 pods/proxy의 get 권한이 필요합니다 (RBAC를 확인하세요)',
  forbiddenFix: () =>
    '토큰의 ServiceAccount가 메트릭을 읽을 수 없습니다 (RBAC와 프록시의 허용 목록을 확인하세요)',
  certUntrusted: () => 'TLS 인증서를 신뢰할 수 없습니다 (자체 서명이거나 알 수 없는 CA)',
  certUntrustedFix: () => '--ca FILE을 넘기거나, 검증을 건너뛰려면 --insecure를 쓰세요',
  certExpired: () => 'TLS 인증서가 만료되었습니다',
  certExpiredFix: () => '인증서를 갱신하거나, 검증을 건너뛰려면 --insecure를 쓰세요',
  certNotYetValid: () => 'TLS 인증서가 아직 유효하지 않습니다',
  certNotYetValidFix: () => '시계를 확인하거나, 검증을 건너뛰려면 --insecure를 쓰세요',
  certWrongHost: (host) => `TLS 인증서가 ${host}에 유효하지 않습니다`,
  certWrongHostFix: () => '인증서에 적힌 호스트 이름을 쓰거나, 검증을 건너뛰려면 --insecure를 쓰세요',
  notTls: () => 'TLS 핸드셰이크 실패: 서버가 TLS를 쓰지 않습니다',
  useHttp: () => 'http://를 쓰세요',
  unsafePort: (port) => `포트 ${port}은(는) HTTP 클라이언트에 막혀 있습니다 (안전하지 않은 포트)`,
  unsafePortFix: (hint) => `서비스의 원래 포트를 쓰세요 (${hint})`,
  tlsFailed: (reason) => `TLS 핸드셰이크 실패 (${reason})`,
  requestFailed: () => '요청 실패',
  notHistoryFile: (file, reason) => `${file}: 읽을 수 있는 이력 파일이 아닙니다 (${reason})`,
  keyNotAllowed: (file, where) => `${file}: ${where}: 허용되지 않는 키입니다`,
  yamlAliasLoop: (file, where) =>
    `${file}: ${where}: 자신의 앵커 안에 있는 YAML 별칭입니다 (값이 자기 자신을 포함하게 됩니다)`,
  badFileUrl: (spec, reason) => `--source의 파일 URL이 올바르지 않습니다: ${spec} (${reason})`,
  removedAuthProvider: (context, name) =>
    `kubeconfig 컨텍스트 '${context}'의 사용자가 제거된 auth-provider '${name}'을(를) 사용합니다`,
  removedAuthProviderHint: () =>
    '사용자를 exec 자격 증명 플러그인(예: kubelogin, gke-gcloud-auth-plugin)으로 바꾸세요',
  kubeconfigFile: (field, file, reason) => `kubeconfig ${field} ${file}을(를) 읽을 수 없습니다: ${reason}`,
  endpointsFailed: (label, status, detail, via) =>
    `Service ${label}의 엔드포인트 목록을 가져오지 못했습니다: HTTP ${status}${detail ? ` (${detail})` : ''}, 경유: ${via}`,
  credentialsRefusedHint: () =>
    '자격 증명이 거부되었습니다: kubeconfig 로그인이나 서비스 계정 토큰을 갱신하세요',
  grantEndpointsHint: (namespace) =>
    `네임스페이스 ${namespace}에서 endpointslices.discovery.k8s.io의 list 권한을 부여하세요 (deploy/kubernetes/rbac.yaml)`,
  noTokenDnsFailed: (host, reason) =>
    `서비스 계정 토큰이 마운트되지 않았고 ${host}의 DNS 조회에 실패했습니다: ${reason}`,
  noTokenDnsFailedHint: () =>
    '토큰을 마운트하거나(automountServiceAccountToken: true) Kepler Service를 헤드리스로 만드세요(clusterIP: None)',
  noExporterAnswered: (label, reasons) =>
    `Service ${label}의 Kepler 익스포터가 하나도 응답하지 않았습니다: ${reasons}`,
  noExporterAnsweredHint: (namespace) =>
    `Kepler DaemonSet(kubectl get pods -n ${namespace})과 그 앞의 NetworkPolicy를 확인하세요`,
  mustBePositive: (what, value) => `${what}: 양수가 필요하지만 ${value}이(가) 주어졌습니다`,
  mustBeNonNegative: (what, value) => `${what}: 0 이상이 필요하지만 ${value}이(가) 주어졌습니다`,
  mustBeWholeNonNegative: (what, value) => `${what}: 0 이상의 정수가 필요하지만 ${value}이(가) 주어졌습니다`,
  pueRange: (min, max) => `${min}에서 ${max} 사이의 PUE`,
  intensityRange: (max, unit) => `0에서 ${max} ${unit} 사이의 탄소 집약도`,
  intensityLimitRange: (max, unit) => `0보다 크고 ${max} ${unit} 이하인 탄소 집약도 한도`,
  seeHelp: (command) => `kcarbon ${command} --help를 참고하세요`,
  optionOfOthers: (flag, owners, command) =>
    `${flag}은(는) ${owners}의 옵션이며 '${command}'의 옵션이 아닙니다 (kcarbon ${command} --help를 참고하세요)`,
  seeProgramHelp: () => 'kcarbon --help를 참고하세요',
  workloadArgHint: (command) =>
    `워크로드 이름을 주세요. 예: 'kcarbon ${command} web-frontend --demo' ('kcarbon list'가 보여 줍니다)`,
  notHeader: (value) => `--prometheus-header '${value}': 헤더가 아닙니다`,
  headerFormat: () => "'이름: 값' 형식을 쓰세요. 예: 'X-Scope-OrgID: tenant'",
  needs: (flag, other) => `${flag}에는 ${other}이(가) 필요합니다`,
  add: (what) => `${what}을(를) 추가하세요`,
  cannotReadFlagFile: (flag, file, reason) => `${flag} ${file}: 읽을 수 없습니다: ${reason}`,
  passwordMissing: () => '--prometheus-user에는 비밀번호가 필요합니다',
  passwordHint: () => '--prometheus-password-file FILE을 주거나 PROMETHEUS_PASSWORD를 설정하세요',
  prometheusCredentialsTwice: () =>
    'Prometheus 자격 증명이 두 번 주어졌습니다: --prometheus URL과 --prometheus-user',
  prometheusCredentialsTwiceHint: () =>
    '하나만 쓰세요: user:password@ 없는 URL, 또는 --prometheus-user와 --prometheus-password-file',
  notHttpUrl: (flag, value) => `${flag} '${value}': http(s) URL이 아닙니다`,
  exclusive: (a, b) => `${a}와(과) ${b}은(는) 함께 쓸 수 없습니다`,
  pickOne: () => '하나만 고르세요',
  pickOneSource: () => '소스를 하나만 고르세요',
  cannotCombine: (flag, others) => `${flag}은(는) ${others}와(과) 함께 쓸 수 없습니다`,
  onlyWith: (flags, other) => `${flags}은(는) ${other}와(과) 함께일 때만 적용됩니다`,
  notFormatFile: (value) => `--report '${value}': FORMAT=FILE 형식이 아닙니다`,
  badSarifLocation: (value, unknown) =>
    unknown === undefined
      ? '--sarif-location이 비어 있습니다: 결과가 가리킬 파일이 없습니다'
      : `--sarif-location '${value}'에 ${unknown}이(가) 있습니다: {namespace}와 {name}만 채워집니다`,
  reportFileTwice: (file, first, second) =>
    `--report가 ${file}을(를) 두 번 지정했습니다 (${first}, ${second}): 두 번째가 첫 번째를 덮어씁니다`,
  reportFileTwiceHint: () => '보고서마다 다른 파일을 지정하세요',
  namespaceExclusive: () => '-n과 -A는 함께 쓸 수 없습니다',
  namespaceExclusiveHint: () => '네임스페이스 하나 또는 모든 네임스페이스 중 하나만 주세요',
  mailFromAlone: () => '--mail-to 없이 --mail-from만 주어졌습니다: 보고서를 받을 사람이 없습니다',
  mailToHint: () => '받는 주소를 쉼표로 구분해 --mail-to로 주십시오',
  mailAddressBad: (flag, value) => `${flag} '${value}'은(는) 메일 주소가 아닙니다`,
  mailAddressHint: () => '주소는 name@domain 형식으로, 쉼표로 구분해 주십시오(표시 이름 없이)',
  mailNeedsSmtp: () => '--mail-to에는 보낼 SMTP 릴레이가 필요합니다',
  mailNeedsSmtpHint: () =>
    '--smtp smtp://host:587 (STARTTLS) 또는 smtps://host:465를 주십시오(인증이 필요하면 user:password@ 포함). KCARBON_SMTP_URL을 설정하면 비밀번호가 명령줄에 남지 않습니다',
  smtpUrlBad: (where, url) => `${where} '${url}'은(는) 호스트가 있는 smtp:// 또는 smtps:// URL이 아닙니다`,
  mailRunFailed: (command) => `kcarbon ${command}을(를) 실행할 수 없었습니다`,
  mailRunFailedBody: (line, code) => `${line} (종료 코드 ${code})`,
  smtpNoStarttls: () =>
    '릴레이가 STARTTLS를 제공하지 않는데, kcarbon은 비밀번호를 TLS로만 보냅니다: smtps://host:465를 쓰거나 STARTTLS를 제공하는 릴레이를 쓰십시오',
  mailedReport: (to) => `보고서를 ${to}에게 메일로 보냈습니다`,
  cannotMail: (to, reason) => `보고서를 ${to}에게 메일로 보낼 수 없습니다: ${reason}`,
  cannotMailHint: () =>
    '보고서 파일과 출력은 쓰였습니다. 릴레이(--smtp, KCARBON_SMTP_URL)와 주소를 확인하십시오',
  cannotWriteReport: (format, file, reason) => `${format} 보고서를 ${file}에 쓸 수 없습니다: ${reason}`,
  cannotWriteOutput: (reason) => `출력을 쓸 수 없습니다: ${reason}`,
  reportFileInDir: (format, file) => `파일을 지정하세요, 예: --report ${format}=${file}`,
  cannotWriteOutputHint: () => '공간이 있는 곳에 쓰거나 --report FORMAT=FILE 을 사용하세요',
  cannotReadHistory: (file, reason) => `--history ${file}을(를) 읽을 수 없습니다: ${reason}`,
  cannotAppendHistory: (file, reason) => `--history ${file}에 추가할 수 없습니다: ${reason}`,
  notSeverity: (value) => `--fail-on '${value}': 심각도가 아닙니다`,
  severities: () => 'error, warning 또는 never를 쓰세요',
  noFailDisagrees: () => '--no-fail과 --fail-on이 서로 맞지 않습니다',
  noFailHint: () => '--no-fail은 --fail-on never와 같습니다. 둘 중 하나만 주세요',
  badExitCode: (value) => `--exit-code '${value}': 쓸 수 없는 값입니다`,
  exitCodeHint: () => '2와 3을 제외한 0..255 정수를 주세요 (사용법 오류와 소스 오류가 그 값을 씁니다)',
  formatUnsupported: (where, format) => `${where} '${format}': 지원하지 않는 형식입니다`,
  jsonFormatDisagree: (format) => `--json과 --format ${format}: 서로 맞지 않는 옵션입니다`,
  jsonFormatHint: () => '--json은 --format json과 같습니다. 둘 중 하나만 주세요',
  useOneOf: (list) => `다음 중 하나를 쓰세요: ${list}`,
  formatNeedsChecks: (format, command) =>
    `--format ${format}에는 준수 검사가 필요하지만 kcarbon ${command}에는 없습니다`,
  useWith: (list) => `다음 명령과 함께 쓰세요: ${list}`,
  noCsvList: (command) => `kcarbon ${command}에는 CSV로 쓸 목록이 없습니다`,
  useJsonOrMarkdown: () => '--format json 또는 markdown을 쓰세요',
  toNeedsStart: () => '--to에는 --from 또는 --since가 필요합니다',
  sinceAndFrom: () => '--since와 --from이 둘 다 기간의 시작을 지정합니다',
  passOne: () => '둘 중 하나만 주세요',
  periodInFuture: (to, now) => `--to ${to}이(가) 평가 시각(${now}) 이후입니다: 아직 측정된 에너지가 없습니다`,
  periodInFutureHint: () => '기간을 지금(또는 --at) 이전에 끝내세요; --to를 빼면 지금 끝납니다',
  periodBackwards: (from, to) => `기간은 시작보다 뒤에 끝나야 합니다 (--from ${from} --to ${to})`,
  periodTooLong: (days) => `기간은 최대 ${days}일입니다`,
  periodShorten: () => '--since 또는 --from/--to를 줄이세요',
  periodNeedsHistory: () =>
    '기간(--since, --from/--to)에는 이력이 필요하지만 익스포터, 파일, --sample은 한 시점의 값입니다',
  periodHistoryHint: () =>
    'Prometheus에서 읽으세요: --prometheus URL (또는 PROMETHEUS_URL), 또는 --demo를 써 보세요',
  periodWithWindow: () =>
    '--window는 기간(--since, --from/--to)과 함께 쓸 수 없습니다: 기간의 전력은 구간 평균이 아니라 그 기간의 에너지에서 구합니다',
  periodWithWindowHint: () => '--window를 빼거나, 현재 전력을 그 구간 동안 평균하려면 기간을 빼세요',
  periodWithSample: () =>
    '--sample은 기간(--since, --from/--to)과 함께 쓸 수 없습니다: 기간의 에너지는 두 번의 스크레이프가 아니라 이력에서 읽습니다',
  periodWithSampleHint: () => '--sample을 빼거나, 현재 전력을 샘플링하려면 기간을 빼세요',
  unknownName: (what, code) => `알 수 없는 ${WHAT[what]} '${code}'`,
  didYouMeanNames: (names) => `혹시 ${names}?`,
  knownNames: (count, what, examples) => `알려진 ${WHAT[what]} ${count}개, 예: ${examples} (config/에 있음)`,
  configNotFound: (file, via) => `설정 파일을 찾을 수 없습니다: ${file}${via}`,
  fromEnv: (name) => ` (${name}에서)`,
  configNotFoundHint: (env, names) =>
    `--config 또는 ${env}이(가) JSON 파일이나 ${names} 중 하나가 있는 디렉터리를 가리키게 하세요`,
  configDirEmpty: (dir, via, names) =>
    `${dir}${via}: 설정 파일이 없습니다. 다음 중 하나가 있어야 합니다: ${names}`,
  cannotRead: (label, reason) => `${label}: 읽을 수 없습니다: ${reason}`,
  invalidJson: (label, reason) => `${label}: 잘못된 JSON: ${reason}`,
  invalidJsonAt: (label, line, column, reason) => `${label}:${line}:${column}: JSON 구문 오류 (${reason})`,
  invalidYaml: (label, reason) => `${label}: 잘못된 YAML: ${reason}`,
  expectedGot: (name, expected, got) => `${name}: ${expected}이(가) 필요하지만 '${got}'이(가) 주어졌습니다`,
  envReplacesLimit: (env, limit, value) =>
    `${env}은(는) ${limit}의 한도를 대체합니다. ${value}을(를) 쓰려면 설정을 해제하세요`,
  basisExpected: (what, value) =>
    `${what}: lifecycle, official 또는 official:<배출계수 id>가 필요하지만 '${value}'이(가) 주어졌습니다`,
  basisHint: () => '예: --basis official (현재 공식 배출계수) 또는 --basis official:2020-2022',
  configInvalid: (issues) => `설정이 올바르지 않습니다: ${issues}`,
  configFormatHint: () => '설정 형식은 config/README.md를 참고하세요',
  unknownGrid: (value) => `알 수 없는 전력망 데이터 제공자 '${value}'`,
  gridHint: () =>
    '--grid offline, electricitymaps, carbon-aware-sdk 또는 watttime을 쓰세요 (또는 KCARBON_GRID)',
  gridFailed: (provider, reason) => `전력망 데이터 제공자 ${provider}: ${reason}`,
  gridTimedOut: (url, seconds) => `${url}: ${seconds}초 안에 응답을 끝까지 받지 못했습니다 (--timeout)`,
  gridTooLarge: (url, size) => `${url}: 응답이 ${size}보다 커서 거기서 읽기를 멈췄습니다`,
  gridRateLimited: () => '요청 한도를 넘었습니다 (429)',
  gridRateLimitedRetry: (seconds) =>
    `요청 한도를 넘었습니다 (429). ${seconds}초 뒤에 다시 시도할 수 있습니다`,
  gridUnauthorized: (url, detail) => `${url}: 인증에 실패했습니다 (401)${detail}`,
  gridForbidden: (url, detail) => `${url}: 접근이 거부되었습니다 (403)${detail}`,
  gridUnsupported: (detail) => `서버가 지원하지 않는 요청입니다 (501)${detail}`,
  gridHttpStatus: (status, url, detail) => `${url}: HTTP ${status} 오류 응답${detail}`,
  gridNotJson: (url) => `${url}의 응답이 JSON이 아닙니다`,
  gridUnexpected: (what, problem) => `예상과 다른 응답: ${what}${problem}`,
  gridNotNumber: () => '의 값이 숫자가 아닙니다',
  gridNotDateTime: () => '의 값이 날짜·시각이 아닙니다',
  gridNotList: () => '이(가) 목록이 아닙니다',
  gridNotObject: () => '이(가) 객체가 아닙니다',
  gridNotIntensity: (grams, max) => `의 값 ${grams} g/kWh는 탄소 집약도(0~${max})가 아닙니다`,
  gridUnexpectedUnits: (units) => `예상과 다른 단위 '${units}'`,
  gridNoData: (location, at) => `위치 '${location}'의 ${at} 전후 데이터가 없습니다`,
  gridLoginRefused: (reason) => `${reason} (WATTTIME_USERNAME/WATTTIME_PASSWORD로 로그인)`,
  gridLoginNoToken: () => '로그인 응답에 토큰이 없습니다',
  gridFreshTokenRefused: (path, region) =>
    `${path}이(가) 새로 로그인해 받은 토큰도 거부했습니다 (401 두 번); 계정의 리전 ${region} 접근 권한과 WATTTIME_USERNAME/WATTTIME_PASSWORD를 확인하세요`,
  gridSecretFile: (variable, file, reason) => `${variable} ${file}을(를) 읽을 수 없습니다: ${reason}`,
  gridNoToken: (variable, fileVariable) =>
    `API 토큰이 없습니다; ${variable}(또는 ${fileVariable})을(를) 설정하세요`,
  gridNoLogin: (user, password, fileVariable) =>
    `${user}와(과) ${password}(또는 ${fileVariable})을(를) 설정하세요`,
  gridNoZone: (provider, region) => `리전 ${region}에 대응하는 ${provider} 구역이 없습니다`,
  gridZoneHint: (provider, region) =>
    `사용자 설정에서 gridProviders.${provider}.zones["${region}"]로 지정하세요`,
  gridCheckHint: () => '--grid-url과 제공자 자격 증명을 확인하거나 --grid offline을 쓰세요',
  gridPartial: (provider, missing, hours, region, spans) =>
    `전력망 데이터 제공자 ${provider}: ${region}의 기간 ${hours}시간 중 ${missing}시간(${spans})의 수치가 없습니다`,
  gridPartialHint: () =>
    '제공자가 수치를 가진 시간으로 기간을 줄이거나, --grid-strict를 빼고 나머지 시간에 오프라인 프로파일을 쓰세요',
  cannotReadSource: (spec, reason) => `--source ${spec}을(를) 읽을 수 없습니다: ${reason}`,
  cannotListDir: (spec, reason) => `디렉터리 ${spec}의 목록을 읽을 수 없습니다: ${reason}`,
  cannotReadFile: (origin, reason) => `${origin}을(를) 읽을 수 없습니다: ${reason}`,
  dirNoMetrics: (spec) =>
    `디렉터리 ${spec}에 메트릭 파일이 없습니다 (숨김 파일과 .md/.json/.yaml 파일은 건너뜁니다)`,
  missingHint: () => '경로를 확인하거나, 동봉된 데모 클러스터를 쓰려면 --demo를 쓰세요',
  urlSchemeHint: (url) =>
    `URL이면 스킴을 쓰세요. 예: http://${url}; 또는 동봉된 데모 클러스터를 쓰려면 --demo`,
  fsNotFound: () => '파일이나 디렉터리가 없습니다',
  fsDenied: () => '권한이 없습니다',
  fsNotDir: () => '상위 경로가 디렉터리가 아닙니다',
  fsIsDir: () => '디렉터리입니다',
  stdinTerminal: () => '--source -는 표준 입력에서 메트릭을 읽지만, 표준 입력이 터미널입니다',
  stdinHint: () => '파이프로 넣으세요. 예: curl -s http://<node-ip>:28282/metrics | kcarbon ... --source -',
  noSourceRead: (...reasons) =>
    `읽을 수 있는 메트릭 소스가 없습니다: ${fewReasons(reasons, 3, (n) => `; 그 밖에 ${n}개`)}`,
  noSourceHint: () =>
    '엔드포인트와 Kepler가 28282 포트에서 수신하는지 확인하거나, 동봉된 데모 클러스터를 쓰려면 --demo를 쓰세요',
  noFileReadHint: () =>
    '덤프를 처음부터 끝까지 다시 저장하거나(curl -s http://<node-ip>:28282/metrics > node.prom), 동봉된 데모 클러스터를 쓰려면 --demo를 쓰세요',
  failedSource: (origin, cause, attempts, fix) =>
    `${origin}: ${cause}${attempts > 1 ? ` (${attempts}회 시도)` : ''}${fix ? ` — ${fix}` : ''}`,
  connectionRefused: () => '연결이 거부되었습니다',
  checkHostPort: (ports) => `호스트와 포트를 확인하세요 (${ports})`,
  timedOut: (after) => `${after} 후 시간 초과`,
  hostNotFound: (host) => `호스트 ${host}을(를) 찾을 수 없습니다`,
  checkHostName: () => '호스트 이름을 확인하세요',
  dnsFailed: (host) => `${host}의 DNS 조회에 실패했습니다`,
  connectionClosed: () => '서버가 연결을 닫았습니다',
  useHttps: () => '포트가 HTTPS를 제공하면 https://를 쓰세요',
  connectTimedOut: () => '연결 시간 초과',
  checkReachable: () => '호스트에 도달할 수 있는지 확인하세요 (방화벽, 네트워크 정책)',
  hostUnreachable: () => '호스트에 도달할 수 없습니다',
  networkUnreachable: () => '네트워크에 도달할 수 없습니다',
  httpStatus: (status) => `HTTP 상태 ${status}`,
  htmlPage: () => 'Prometheus 메트릭이 아니라 HTML 페이지를 받았습니다',
  htmlPageFix: () => 'URL 경로를 확인하세요 (Kepler는 /metrics를 제공합니다)',
  checkPrometheusUrl: () => '--prometheus URL을 확인하세요',
  notPrometheusApi: (origin) => `${origin}: Prometheus API 응답이 아닙니다`,
  queryFailed: (origin, reason) => `${origin}: 쿼리 실패: ${reason}`,
  keplerTargetDown: (instance, job) =>
    `Kepler 익스포터 ${instance} (Prometheus job ${job}): 중단됨, Prometheus가 수집하지 못했습니다 (up == 0)`,
  keplerTargetsAllDown: (count, instances) =>
    `Prometheus에 현재 Kepler 시계열이 없습니다: 수집 대상 Kepler 익스포터 ${count}개가 모두 중단됨 (up == 0): ${instances}`,
  keplerTargetsDownHint: () =>
    'Kepler 파드(kubectl get pods -n kepler)와 Prometheus의 대상 페이지를 확인하세요. 기간(--since)은 Prometheus에 남은 데이터를 읽습니다',
  noSuchServicePort: (service, port, ports) =>
    `Service ${service}에 포트 '${port}'이(가) 없습니다 (엔드포인트의 포트: ${ports})`,
  noSourceGiven: () => '메트릭 소스가 지정되지 않았습니다',
  noSourceGivenHint: () => '--source URL|FILE|DIR|- (또는 KEPLER_ENDPOINT 설정)를 주거나 --demo를 써 보세요',
  windowNeedsPrometheus: () => '--window에는 --prometheus가 필요합니다',
  sampleTooShort: (seconds, interval) =>
    `--sample ${seconds}s는 Kepler의 갱신 주기 ${interval}초보다 짧아 카운터가 움직이지 않을 수 있습니다`,
  sampleLonger: (seconds) => `--sample ${seconds}s 이상을 쓰세요`,
  sampleNeedsUrls: () => '--sample에는 실시간 http(s) 소스만 쓸 수 있습니다',
  sampleNeedsUrlsHint: () => '파일과 표준 입력은 한 시점의 값입니다. --sample을 빼거나 URL만 주세요',
  legacyNeedsTwo: (version) =>
    `Kepler ${version}(레거시)는 에너지 카운터만 제공하므로 전력을 구하려면 두 번 읽어야 합니다`,
  legacyHint: () =>
    '실시간 Kepler 엔드포인트를 두 번 수집하세요: --source http://NODE:9102/metrics --sample 10s (저장된 덤프는 한 번 읽은 값입니다)',
  legacyPrometheusHint: () =>
    'Prometheus에는 이 카운터의 시간별 값이 있습니다: --window 5m (또는 다른 기간)을 더하면 rate()로 평균 전력을 구합니다',
  noGpuNoCpu: () => 'Kepler가 GPU 전력을 보고하지 않는데 --components가 CPU를 뺐습니다',
  noGpuNoCpuHint: () => '--components cpu,gpu (기본)를 쓰거나, GPU가 없는 클러스터에서는 cpu를 쓰세요',
  noZoneData: (zones) => `Kepler가 '${zones}' 영역 데이터를 보고하지 않습니다`,
  zonesReported: (zones) =>
    `보고된 영역: ${zones || '없음'}; --zones로 고르거나, 노드별 기본 영역을 쓰려면 --zones를 빼세요`,
  noPodsInNamespace: (namespace) =>
    `네임스페이스 '${namespace}'에 Kepler 메트릭이 있는 실행 중인 파드가 없습니다`,
  namespacesWithMetrics: (list) => `메트릭이 있는 네임스페이스: ${list} (또는 전체는 -A)`,
  noPodsYet: () => 'Kepler가 아직 파드를 보고하지 않습니다',
  noRunningPods: () => 'Kepler가 보고하는 실행 중인 파드가 없습니다',
  noRunningPodsLeftOut: (count) =>
    `실행 중인 파드의 전력을 하나도 읽지 못했습니다: 시계열 ${count}개가 빠졌습니다 (제외되었거나 형식이 잘못되었거나 값이 없음)`,
  noRunningPodsLeftOutHint: () =>
    '어떤 시계열이 왜 빠졌는지는 위의 경고를 보고, 소스를 고친 뒤 다시 실행하세요',
  noRunningPodsHint: () => 'Kepler가 파드 메트릭 수준으로 실행 중이고 첫 5초 주기를 마쳤는지 확인하세요',
  historyEmpty: () => '--history가 비어 있습니다: 이 실행은 어디에도 기록되지 않습니다',
  zonesEmpty: () => '--zones가 비어 있습니다',
  zonesEmptyHint: () => '쉼표로 구분한 목록을 주세요. 예: package,dram',
  zonesDoubleCount: (zones, zone, outer) =>
    `--zones ${zones}은(는) 중복 계산입니다: '${zone}' 영역은 '${outer}'에 포함됩니다`,
  zonesDoubleCountHint: () => 'package,dram (기본), package 또는 psys 하나만 쓰세요',
  noSourcesToRead: () => '읽을 메트릭 소스가 없습니다',
  passSourceOrDemo: () => '--source 또는 --demo를 주세요',
  mixedFormats: (legacy) => `소스에 Kepler v0.10+ 형식과 레거시 0.7 형식이 섞여 있습니다 (레거시: ${legacy})`,
  mixedFormatsHint: () => '두 세대를 따로 감사하세요',
  componentsUnknown: (bad) => `--components에 알 수 없는 값 '${bad}'이(가) 있습니다`,
  componentsEmpty: () => '--components가 비어 있습니다',
  componentsHint: () => 'cpu, gpu 또는 cpu,gpu (기본)를 쓰세요',
  unknownFactor: (key, country, known) =>
    `${country}에 알 수 없는 공식 배출계수 '${key}'; 알려진 값: ${known}`,
  factorHint: (current, first) =>
    `예: --basis official (현재 ${current} 배출계수) 또는 --basis official:${first}`,
  noStandard: () => '선택한 기준이 없습니다',
  noStandardHint: () => "'kcarbon standards'가 기준을 나열합니다",
  notKepler: (origin) => `${origin}: Kepler 메트릭이 없습니다 (알 수 없는 Kepler 형식)`,
  notKeplerHint: () => '--source가 Kepler /metrics 엔드포인트(포트 28282)나 그 덤프를 가리키게 하세요',
  notSize: (flag, value) => `${flag} '${value}': 크기가 아닙니다`,
  sizeHint: () => '바이트 수나 단위를 쓰세요. 예: 64MiB, 512MB, 1GiB',
  sourceUnsupported: (spec) =>
    `지원하지 않는 --source ${spec}: http://, https://, 파일이나 디렉터리 경로, 또는 -(표준 입력)만 됩니다`,
  sourceInvalidUrl: (spec) => `--source의 URL이 올바르지 않습니다: ${spec}`,
  keplerUrlHint: () => 'Kepler는 예: http://<node-ip>:28282/metrics',
  notNamespaceName: (spec) => `--kepler-service '${spec}': NAMESPACE/NAME 형식이 아닙니다`,
  keplerServiceHint: () =>
    '예: --kepler-service kepler/kepler-exporter (http/metrics가 아닌 포트는 :PORT를 붙이세요)',
  notPrometheusUrl: (url) => `--prometheus '${url}': URL이 아닙니다`,
  prometheusNeedsHttp: (protocol) => `--prometheus에는 http(s)가 필요하지만 ${protocol}이(가) 주어졌습니다`,
  prometheusNoPower: (url) => `${url}: Prometheus에 현재 Kepler 파드 전력이 없습니다`,
  prometheusNoSeries: (origin) => `${origin}: Prometheus에 Kepler 시계열이 없습니다`,
  scrapeKeplerHint: () =>
    'Prometheus가 Kepler 익스포터를 수집하는지 확인하세요 (ServiceMonitor 또는 scrape 설정)',
  prometheusNoJoules: (url, window) =>
    `${url}: 최근 ${window} 동안 kepler_pod_cpu_joules_total 데이터가 없습니다`,
  prometheusNoJoulesHint: () =>
    'Prometheus가 Kepler v0.10+을 수집하는지, 그리고 구간이 수집을 두 번 이상 포함하는지 확인하세요',
  historyNoCounters: (origin, asked) =>
    `${origin}: Prometheus에 Kepler 줄 카운터가 전혀 없습니다 (요청한 기간 ${asked})`,
  historyAllEmpty: (origin, asked) =>
    `${origin}: 기간 ${asked} 전체에 Kepler 에너지 카운터의 샘플이 없습니다. 그 전에는 있습니다 (그동안 Prometheus가 중단되었거나 Kepler를 수집하지 않았습니까?)`,
  historyAllEmptyHint: () =>
    'Prometheus 자체의 가동 기록과 그 시간의 Kepler 수집 대상을 확인하거나, 데이터가 있는 기간을 고르세요',
  historyNoSamples: (origin, asked) =>
    `${origin}: Prometheus에 최근 400일 동안의 Kepler 샘플이 없습니다 (요청한 기간 ${asked})`,
  historyRetentionHint: () => '보존 기간(--storage.tsdb.retention.time)과 Kepler 수집 여부를 확인하세요',
  historyOutside: (origin, asked, from, to) =>
    `${origin}: 기간 ${asked}이(가) Prometheus에 있는 Kepler 데이터(약 ${from}부터 ${to}까지, 시간 단위)를 벗어납니다`,
  historyOutsideHint: () => '--since 또는 --from/--to로 그 범위 안의 기간을 고르거나 보존 기간을 늘리세요',
  demoHistoryShort: (hours, to, reach, from) =>
    `데모 이력은 하루 단위로 배치한 전형적인 날 ${hours}시간입니다: ${to} 이전으로는 ${from}이(가) 아니라 ${reach}까지만 거슬러 올라갑니다`,
  demoHistoryHint: (hours, reach) =>
    `그 시각에 끝나는 기간이라면 --since ${hours}h 이하나 ${reach} 이후의 --from을 쓰세요`,
  fileHistoryOutside: (origin, from, to, start, end) =>
    `${origin}: 기간 ${from} – ${to}이(가) 이력(${start} – ${end})을 벗어납니다`,
  fileHistoryHint: () => '이력이 포함하는 기간을 고르세요',
  officialNoSchedule: (basis) =>
    `공식 배출계수(--basis ${basis})는 연간 수치 하나여서 모든 시간이 같게 계산되므로 더 깨끗한 실행 시간이 없습니다`,
  officialNoScheduleHint: () =>
    '전력망 자체로 일정을 잡으려면 --basis lifecycle (기본; MCP 서버라면 서버 운영자가 설정합니다)을 쓰세요',
  statedIntensityNoSchedule: (origin) =>
    `${origin}이(가) 모든 시간에 하나의 전력망 탄소집약도를 지정하므로 다른 시간보다 깨끗한 시간이 없습니다`,
  statedIntensityNoScheduleHint: () =>
    '리전의 시간대별 프로파일을 쓰려면 빼세요 (MCP 서버라면 서버 운영자가 설정합니다)',
  noProfile: (region) => `리전 '${region}'에 시간대별 탄소집약도 프로파일이 없어 모든 시간이 같아 보입니다`,
  noProfileHint: (regions) =>
    `프로파일이 있는 리전: ${regions}; 또는 --config로 프로파일을 추가하거나 예측하는 --grid 제공자를 쓰세요`,
  notOrigin: (entry) => `--allowed-origins 항목 '${entry}': origin이 아닙니다`,
  originHint: () =>
    'http 또는 https의 scheme://host[:port]를 주세요. 예: https://inspector.example.com (와일드카드와 경로 불가)',
  notHost: (entry) => `--allowed-hosts 항목 '${entry}': 호스트 이름이 아닙니다`,
  hostHint: () =>
    '호스트 이름 또는 host:port를 주세요. 예: kcarbon.example.com 또는 kcarbon.example.com:8443 (scheme, 경로, 와일드카드 불가)',
  hostOfUrlHint: (host) => `URL의 호스트만 주세요: --allowed-hosts ${host}`,
  tokenEmpty: (from) => `${from}: 파일이 비어 있습니다`,
  tokenOneLine: () => '토큰을 한 줄로 쓰세요',
  tokenNotAscii: (from) => `${from}: 베어러 토큰은 출력 가능한 ASCII 한 단어여야 합니다`,
  portInUse: (port, host) => `${host}의 포트 ${port}은(는) 이미 사용 중입니다`,
  otherPort: () => '다른 --port를 고르거나, 비어 있는 아무 포트를 쓰려면 --port 0',
  portDenied: (port, host) => `${host}의 포트 ${port}에서 수신할 권한이 없습니다`,
  lowPortHint: () => '1024 미만 포트에는 권한이 필요합니다: 다른 --port를 고르거나 --port 0을 쓰세요',
  addressUnavailable: (host) => `주소 ${host}은(는) 이 머신에 없습니다`,
  addressHint: () => '--host로 이 머신의 주소 하나를 주거나 127.0.0.1(기본)을 쓰세요',
  cannotResolveHost: (host) => `--host '${host}'을(를) 확인할 수 없습니다`,
  resolveHint: () => 'IP 주소나 확인 가능한 이름을 주세요',
  cannotReadKubeconfig: (file, reason) => `kubeconfig ${file}을(를) 읽을 수 없습니다: ${reason}`,
  kubeconfigHint: () => '--kubeconfig FILE을 주거나 KUBECONFIG를 설정하거나 클러스터 안에서 실행하세요',
  noKubeconfig: (files) => `kubeconfig가 없습니다 (${files})`,
  noKubeconfigHint: () => '--kubeconfig FILE을 주거나 KUBECONFIG를 설정하거나 클러스터 안에서 실행하세요',
  noCurrentContext: (file) => `kubeconfig ${file}에 current-context가 없습니다`,
  noCurrentContextHint: () => '--context NAME을 주세요 (kubectl config get-contexts가 나열합니다)',
  noSuchContext: (name, known) => `kubeconfig에 컨텍스트 '${name}'이(가) 없습니다 (컨텍스트: ${known})`,
  checkContext: () => '--context를 확인하세요',
  noEndpoints: (service, via) => `Service ${service}에 엔드포인트가 없습니다 (${via} 경유)`,
  noEndpointsHint: (namespace, name) =>
    `네임스페이스와 이름을 확인하세요: kubectl get endpointslices -n ${namespace} -l kubernetes.io/service-name=${name}`,
  apiUnreachable: (server, via, reason) =>
    `${server}의 Kubernetes API에 연결할 수 없습니다 (${via}): ${reason}`,
  apiPolicyHint: () => 'NetworkPolicy가 kcarbon의 API 서버 접근을 허용하는지 확인하세요',
  apiContextHint: () => 'kubeconfig 컨텍스트와 클러스터가 켜져 있는지 확인하세요',
  wroteReport: (format, file) => `kcarbon: ${format} 보고서를 ${file}에 썼습니다`,
  wroteFailedReport: (format, file) => `kcarbon: ${format} 보고서(실행 실패)를 ${file}에 썼습니다`,
  cannotReadFlagFileOf: (flag, file, reason) => `${flag} 파일 ${file}을(를) 읽을 수 없습니다: ${reason}`,
  caHint: () => 'CA 인증서가 든 PEM 파일을 주세요',
  notPem: (file, reason) => `--ca 파일 ${file}은(는) PEM 인증서 번들이 아닙니다 (${reason})`,
  pemHint: () => '-----BEGIN CERTIFICATE----- 블록이 있는 PEM 파일을 주세요',
  tokenFileHint: () => 'ServiceAccount 토큰이 든 파일을 주세요. 예: kubectl create token <sa>의 출력',
  tokenFileEmpty: (file) => `--token-file ${file}이(가) 비어 있습니다`,
  tokenFileNotToken: (file) => `--token-file ${file}에 한 줄짜리 토큰이 없습니다 (예상하지 못한 문자)`,
  historyTooLarge: (origin, metric, where) =>
    `${origin}: ${metric}${where}의 1시간 단위 응답이 나눠도 너무 큽니다`,
  historyTooLargeHint: () => '서버 한도(query.max-samples)나 --prometheus-max-series를 올리세요',
  noKeplerInSources: (...reasons) =>
    `Kepler 메트릭이 있는 소스가 없습니다: ${fewReasons(reasons, 3, (n) => `; 그 밖에 ${n}개`)}`,
  checkSources: () => '파일이나 --source URL을 확인하세요',
  noRunningPodsOf: (name, namespace, terminated) =>
    `네임스페이스 '${namespace}'의 워크로드 '${name}'에 실행 중인 파드가 없어(종료 ${terminated}개) 현재 전력을 알 수 없습니다`,
  noRunningPodsOfHint: () =>
    "실행 중일 때 평가하세요. 'kcarbon top --include-terminated'가 에너지를 나열합니다",
  flagExpected: (flag, expected, value) =>
    `${flag}: ${expected}이(가) 필요하지만 ${value}이(가) 주어졌습니다`,
  kubeconfigNotYaml: (file, reason) => `kubeconfig ${file}은(는) 올바른 YAML이 아닙니다: ${reason}`,
  contextNoServer: (name) =>
    `kubeconfig 컨텍스트 '${name}'이(가) 서버 주소가 있는 클러스터를 가리키지 않습니다`,
  execFailed: (command, reason) => `kubeconfig exec 플러그인 '${command}'이(가) 실패했습니다: ${reason}`,
  execHint: () => "로그인을 확인하려면 'kubectl get nodes'를 한 번 실행하세요",
  execNoToken: (command) =>
    `kubeconfig exec 플러그인 '${command}'이(가) 토큰이나 인증서를 돌려주지 않았습니다`,
  noWorkload: (name, namespace) =>
    namespace
      ? `네임스페이스 '${namespace}'에 워크로드 '${name}'의 Kepler 메트릭이 없습니다`
      : `어느 네임스페이스에도 워크로드 '${name}'의 Kepler 메트릭이 없습니다`,
  noWorkloadSourcesFailed: (name, namespace, failed) =>
    `읽은 소스에 워크로드 '${name}'${namespace ? `(네임스페이스 '${namespace}')` : ''}의 Kepler 메트릭이 없습니다; 실패한 소스의 노드에서 실행 중일 수 있습니다: ${failed}`,
  noWorkloadSourcesFailedHint: () => '실패한 소스를 고치거나 복구를 기다린 뒤 다시 실행하세요 (위 경고 참고)',
  workloadElsewhere: (namespaces, first) =>
    `네임스페이스 ${namespaces}에 있습니다: 네임스페이스를 '${first}'로 지정하세요 (-n ${first})`,
  workloadElsewhereUri: (namespaces, uri) => `네임스페이스 ${namespaces}에 있습니다: ${uri}을(를) 읽으세요`,
  workloadDidYouMean: (names) => `혹시 ${names}? ('kcarbon top'이 파드를 나열합니다)`,
  workloadListHint: () => "'kcarbon top'이 Kepler가 보고하는 파드를 나열합니다",
  workloadSeveral: (name, namespaces) =>
    `워크로드 '${name}'이(가) 여러 네임스페이스에 있습니다 (${namespaces})`,
  workloadSeveralHint: () => '그중 하나로 네임스페이스를 지정하세요 (-n NAMESPACE)',
  serveNeedsSource: () => 'serve에는 메트릭 소스가 필요합니다',
  serveNeedsSourceHint: () =>
    '--source URL|FILE|DIR (또는 KEPLER_ENDPOINT 설정), --kepler-service NS/NAME, --prometheus URL (또는 PROMETHEUS_URL), 또는 --demo를 주세요',
  serveNoStdin: () => 'serve는 표준 입력(-)에서 메트릭을 읽을 수 없습니다',
  serveNoStdinHint: () => '--source로 URL, 파일 또는 디렉터리를 주세요',
  transportUnsupported: (value) => `--transport '${value}': 지원하지 않는 전송 방식입니다`,
  useStdioOrHttp: () => 'stdio 또는 http를 쓰세요',
  refuseWithoutToken: (host) => `베어러 토큰 없이 ${host}에서 MCP를 제공하지 않습니다`,
  refuseWithoutTokenHint: (env) =>
    `--token-file FILE 또는 ${env}을(를) 설정하거나, 127.0.0.1(기본)에 바인딩하세요`,
  notPort: (from, value) => `${from}: 0부터 65535까지의 포트가 필요하지만 '${value}'이(가) 주어졌습니다`,
};

export const ko: Catalogue = {
  labels,
  reportTable,
  reportMarkdown,
  reportHtml,
  standards,
  text,
  help,
  warning,
  optimization,
  errors,
};

/** zod's type names in Korean. */
const KO_TYPES: Record<string, string> = {
  string: '문자열',
  number: '숫자',
  int: '정수',
  bigint: '정수',
  boolean: '참/거짓 값',
  array: '목록',
  object: '객체',
  date: '날짜',
  undefined: '값 없음',
  null: 'null',
  nan: 'NaN',
};
const koType = (t: string | undefined) => (t === undefined ? '?' : (KO_TYPES[t] ?? t));

/** A schema's finding in Korean from its facts; a message a schema wrote itself stays as written. */
function issueKo(f: IssueFacts): string {
  if (f.msg === 'notCalendarDate') return errors.notCalendarDate();
  if (!f.generic) return f.message;
  const counted = f.origin === 'string' ? '자' : f.origin === 'array' || f.origin === 'set' ? '개' : '';
  const amount = (n: number | undefined) => `${n}${counted}`;
  switch (f.code) {
    case 'invalid_type':
      return `${koType(f.expected)} 값이 필요합니다 (받은 값: ${koType(f.received)})`;
    case 'too_small':
      if (f.exact) return `정확히 ${amount(f.minimum)}여야 합니다`;
      return f.inclusive === false
        ? `${amount(f.minimum)} 초과여야 합니다`
        : `${amount(f.minimum)} 이상이어야 합니다`;
    case 'too_big':
      if (f.exact) return `정확히 ${amount(f.maximum)}여야 합니다`;
      return f.inclusive === false
        ? `${amount(f.maximum)} 미만이어야 합니다`
        : `${amount(f.maximum)} 이하여야 합니다`;
    case 'invalid_value':
      return f.values && f.values.length > 0
        ? `다음 중 하나여야 합니다: ${f.values.join(', ')}`
        : '올바르지 않은 값입니다';
    case 'invalid_format':
      return `형식이 올바르지 않습니다${f.format ? ` (${f.format})` : ''}`;
    case 'not_multiple_of':
      return `${f.divisor}의 배수여야 합니다`;
    case 'unrecognized_keys':
      return `알 수 없는 키: ${(f.keys ?? []).join(', ')}`;
    case 'invalid_key':
      return '올바르지 않은 키가 있습니다';
    case 'invalid_element':
      return '올바르지 않은 항목이 있습니다';
    default:
      return '올바르지 않은 입력입니다';
  }
}
