import { describeException } from '../kepler/warnings.js';
import type { Catalogue, HelpText, LabelText } from './messages.js';

/**
 * 한국어 메시지 카탈로그 (Korean). Same keys as en.ts; the test checks every key is translated.
 * Laws by their Korean names: 탄소중립기본법 (Carbon Neutrality Act), 에너지이용 합리화법 (Energy Use
 * Rationalization Act), 녹색데이터센터 인증 (Green Data Center certification).
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
  'CPU active': 'CPU 활성',
  'CPU idle': 'CPU 유휴',
  'GPU active': 'GPU 활성',
  'GPU idle': 'GPU 유휴',
  'Idle share': '유휴 비중',
  'Platform (W)': '플랫폼 (W)',
  Unattributed: '미배분',
  Energy: '에너지',
  Now: '지금',
  Best: '최적',
  Window: '시간대',
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
  KR_CARBON_2050: 'KR_CARBON_2050 (탄소중립기본법)',
  KR_PUE_GREEN_DC: 'KR_PUE_GREEN_DC (녹색데이터센터 인증)',
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
  totals: '합계',
  period: '기간',
  periodLine: (from: string, to: string, hours: number, energy: string, emissions: string) =>
    `${from} ~ ${to} (${hours}시간): ${energy}, ${emissions} CO2e`,
  cleanest: '가장 깨끗한 시간대',
  change: '직전 실행 대비',
  namespaceCols: ['네임스페이스', '워크로드', '전력', 'CO2e/월', '준수', '실패'],
  more: 'html(-o html 또는 --report html=FILE)에는 상위 소비자, 조치, 탄소집약도 곡선과 추세가 더해집니다',
  totalsLine: (power: string, energy: string, emissions: string, rate: string) =>
    `${power}, 하루 ${energy}, 월 ${emissions} CO2e, 준수 ${rate}`,
  cleanestLine: (start: string, end: string, best: string, now: string) =>
    `현지 시각 ${start}–${end}, ${best} (지금 ${now})`,
};

const reportMarkdown = {
  pass: '✅ 통과',
  fail: '❌ 실패',
  gate: (errors: number, warnings: number, excused: number) =>
    [
      errors === 0 ? '심각도 error인 실패 검사 없음' : `심각도 error인 실패 검사 ${errors}건`,
      ...(warnings ? [`심각도 warning ${warnings}건`] : []),
      ...(excused ? [`예외로 면제 ${excused}건`] : []),
    ].join(', '),
  policy: (failOn: 'error' | 'warning' | 'never', allowPartial: boolean) =>
    `${
      failOn === 'never'
        ? '보고 전용: 검사 결과로 실패하지 않음'
        : failOn === 'warning'
          ? 'error와 warning에서 실패'
          : 'error에서 실패'
    }${allowPartial ? ', 부분 데이터 허용' : ''}`,
  incomplete: '불완전한 데이터: 일부 소스 실패',
  pointInTime: (at: string) => `${at} 시점 측정값`,
  period: (from: string, to: string, hours: number) => `기간 ${from} ~ ${to} (${hours}시간)`,
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
  dailyCols: ['날짜', '에너지', 'CO2e'],
  trend: '직전 실행 대비 변화',
  changeCols: CHANGE_COLS,
  changeRows: CHANGE_ROWS,
  data: (intensity: number, iyear: number, pue: number, pyear: number, at: string) =>
    `전력망 탄소집약도 ${intensity} gCO2e/kWh(${iyear}년), PUE ${pue}(${pyear}년); 메트릭 수집 시각 ${at}.`,
  headline: (nonCompliant: number, workloads: number, findings: number, standards: string) =>
    nonCompliant === 0
      ? `워크로드 ${workloads}개 모두 ${standards} 충족`
      : `워크로드 ${workloads}개 중 ${nonCompliant}개 미준수, 실패한 검사 ${findings}건`,
};

const reportHtml = {
  lang: 'ko',
  pass: '통과',
  fail: '실패',
  pointInTime: (at: string) => `${at} 시점 측정값`,
  period: (from: string, to: string, hours: number) => `기간 ${from} ~ ${to} (${hours}시간)`,
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

/** Korean names of the laws and certifications behind the KR standards. */
const standards = {
  KR_CARBON_2050: '탄소중립기본법: 기준 전력 탄소집약도 (법정 한도 아님)',
  KR_PUE_GREEN_DC: '녹색데이터센터 인증: PUE 최상위 구간 (자율 인증; 에너지이용 합리화법에는 PUE 한도 없음)',
};

/** Sentences of the command tables. */
const text = {
  listFooter: (
    total: number,
    compliant: number,
    nonCompliant: number,
    standard: string,
    region: string,
    over: string,
  ) =>
    `워크로드 ${total}개: 준수 ${compliant}개, 미준수 ${nonCompliant}개 (${standard}, 리전 ${region}${over})`,
  listOver: (from: string, to: string, hours: string) => `, 기간 ${from} – ${to} (${hours}시간)`,
  pods: (n: number) => `실행 중인 파드 ${n}개`,
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
    `${intensity} g/kWh로 판정 (${basis === 'steady-state (no history)' ? '정상 상태, 이력 없음' : basis === 'period (hour-weighted)' ? '기간, 시간 가중' : basis})`,
  periodLine: (from: string, to: string, hours: string, kwh: string, kg: string, watts: string) =>
    `${from} – ${to} (${hours}시간): ${kwh} kWh, ${kg} kgCO2e, 평균 ${watts} W`,
  usage: 'kcarbon: 사용법',
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
      : `${p.origin}: 노드 ${p.node}: ${p.metric} 값 ${p.count}개를 제외했습니다(${p.kinds
          .split(', ')
          .map((k) => KINDS[k] ?? k)
          .join(', ')}); 수치에서 해당 시계열을 뺐습니다`,
  'counters-still': (p) =>
    `${p.origin}: ${p.seconds}초 동안 움직인 파드 에너지 카운터가 없어 모든 파드가 0 W로 읽힙니다; Kepler가 갱신하고 있습니까?`,
  'source-failed': (p) => `${p.error} (이 노드는 이번 보고서에서 제외)`,
  'lines-skipped': (p) =>
    `${p.origin}: 형식이 잘못된 줄 ${p.count}개를 건너뛰었습니다` +
    (p.line !== undefined ? ` (첫 번째는 ${p.line}번째 줄: ${p.reason})` : '') +
    '; 멈추려면 --strict를 쓰십시오',
  'node-name-empty': (p) =>
    `${p.origin}: 시계열의 node_name이 ""입니다(Kepler를 --kube.node-name 없이 실행); 노드를 수집 주소로 부릅니다`,
  'fake-meter': (p) =>
    `${p.origin}: 노드 ${p.node}: Kepler의 가짜 CPU 미터(fake meter)를 사용하므로 수치가 측정값이 아닙니다`,
  'no-power-series': (p) =>
    `${p.origin}: Kepler${p.version ? ` ${p.version}` : ''}에 아직 전력 시계열이 없습니다(첫 수집 주기가 끝나지 않았을 수 있음)`,
  'exception-expired': (p) => `예외가 만료되어 해당 결과가 다시 집계됩니다: ${exception(p)}`,
  'exception-unused': (p) => `예외가 면제한 결과가 없습니다: ${exception(p)}`,
  'history-skipped': (p) => `이력 항목 ${p.entry}: kcarbon 보고서 줄이 아니어서 건너뛰었습니다`,
  'grid-unused': (p) =>
    `--basis ${p.basis}: 연간 수치 하나인 공식 배출계수를 쓰므로 ${p.provider}의 실시간 데이터는 쓰지 않습니다`,
  'grid-fallback': (p) =>
    'region' in p
      ? `전력망 데이터 제공자 ${p.provider}: ${p.region}의 데이터를 받을 수 없습니다(${p.reason}); 오프라인 프로파일과 연간 수치를 씁니다`
      : `전력망 데이터 제공자 ${p.provider}: bylocations/best를 쓸 수 없습니다(${p.reason}); 리전을 연간 수치로만 비교합니다`,
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
      `미룰 수 있는 작업을 ${p.start}부터 ${p.end}까지 실행: ${p.hours}시간 평균 ${p.best} g/kWh (지금 시작하면 ${p.now})`,
    'no-profile': (p) => `${p.region}에는 시간대별 프로파일이 없어 연평균만 알 수 있습니다`,
    official: (p) =>
      `공식 배출계수(${p.basis})는 연간 수치 하나뿐이라 어느 시간도 다른 시간보다 깨끗하지 않습니다`,
    'now-best': (p) => `지금이 이미 ${p.region}에서 가장 깨끗한 ${p.hours}시간 구간입니다`,
    window: (p) =>
      `미룰 수 있는 작업을 현지 시각 ${p.start}–${p.end}에 실행: ${p.hours}시간 평균 ${p.best} g/kWh (지금 시작하면 ${p.now})`,
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

const help: Record<HelpText, string> = {
  // command summaries
  'Power, emissions and compliance of one workload': '워크로드 하나의 전력, 배출량, 규정 준수',
  'Before and after of applying optimizations to a workload': '워크로드에 최적화를 적용하기 전과 후',
  'Every workload with its compliance status (the CI gate)': '모든 워크로드와 준수 상태 (CI 게이트)',
  "A workload's emissions in other cloud regions": '다른 클라우드 리전에서의 워크로드 배출량',
  'The cleanest time to run a workload for --duration (from the grid forecast with --grid)':
    '--duration 동안 워크로드를 실행하기 가장 깨끗한 시간 (--grid 사용 시 전력망 예측 기반)',
  'Pods drawing at least --threshold watts, with compliance and actions':
    '--threshold 와트 이상을 소비하는 파드와 준수 상태, 조치',
  'Pods ranked by power, like kubectl top': 'kubectl top처럼 전력 순으로 나열한 파드',
  'Cluster or namespace power: totals, per namespace and per node':
    '클러스터/네임스페이스 전력: 합계, 네임스페이스별, 노드별',
  'The standards kcarbon checks, with limits, legal status and sources':
    'kcarbon이 검사하는 기준과 한도, 법적 지위, 출처',
  'The nightly report: verdict, namespaces, top consumers, hotspots, cleanest hours, trend':
    '야간 보고서: 판정, 네임스페이스, 상위 소비자, 핫스팟, 가장 깨끗한 시간, 추세',
  // command options
  'standards to check, comma-separated': '검사할 기준 (쉼표로 구분)',
  'cloud region of the cluster': '클러스터의 클라우드 리전',
  'run length for time-shifting, e.g. 4h': '시간 이동용 실행 길이, 예: 4h',
  'deadline for time-shifting with a forecasting --grid, e.g. 24h':
    '예측 --grid로 시간 이동할 때의 마감 시한, 예: 24h',
  'rightsizing target, 0..1': '적정 규모 목표 (0..1)',
  'budget: fail above this power': '예산: 이 전력을 넘으면 실패',
  'budget: fail above these emissions': '예산: 이 배출량을 넘으면 실패',
  'energy and hour-weighted carbon over this period, e.g. 24h, 7d (needs --prometheus)':
    '이 기간의 에너지와 시간 가중 탄소, 예: 24h, 7d (--prometheus 필요)',
  'period start, ISO 8601 (instead of --since)': '기간 시작, ISO 8601 (--since 대신)',
  'period end, ISO 8601 (default --at, else now)': '기간 끝, ISO 8601 (기본값 --at, 없으면 지금)',
  'pod or controller name': '파드 또는 컨트롤러 이름',
  'show only COMPLIANT or NON_COMPLIANT': 'COMPLIANT 또는 NON_COMPLIANT만 표시',
  'run length, e.g. 4h or 90m': '실행 길이, 예: 4h 또는 90m',
  'deadline: the run ends within this time from now, e.g. 24h (default 24h with a forecasting --grid)':
    '마감 시한: 지금부터 이 시간 안에 실행이 끝남, 예: 24h (예측 --grid 사용 시 기본 24h)',
  // options every command takes
  'use the bundled demo cluster (fixtures/demo)': '동봉된 데모 클러스터 사용 (fixtures/demo)',
  'user config file or directory (regions, standards, budgets) merged over config/':
    'config/ 위에 병합할 사용자 설정 파일 또는 디렉터리 (리전, 기준, 예산)',
  "replace the region's PUE for this run": '이번 실행에서 리전의 PUE를 대체',
  "replace the region's grid intensity (gCO2e/kWh) for this run":
    '이번 실행에서 리전의 전력망 탄소집약도(gCO2e/kWh)를 대체',
  "annual grid intensity: lifecycle (Electricity Maps, default), official (the country's official factor) or official:<id>":
    '연간 전력망 탄소집약도: lifecycle (Electricity Maps, 기본), official (국가 공식 배출계수) 또는 official:<id>',
  'live grid intensity: offline (default), electricitymaps, carbon-aware-sdk or watttime; its figures replace the profile for the hours they cover':
    '실시간 전력망 탄소집약도: offline (기본), electricitymaps, carbon-aware-sdk 또는 watttime; 제공된 시간대는 프로파일 대신 그 값을 사용',
  "the grid provider's base URL (self-hosted or test server), e.g. http://127.0.0.1:8080/v3":
    '전력망 데이터 제공자의 기본 URL (자체 호스팅 또는 테스트 서버), 예: http://127.0.0.1:8080/v3',
  'cache directory for grid responses (default $XDG_CACHE_HOME/kcarbon/grid or ~/.cache/kcarbon/grid)':
    '전력망 응답 캐시 디렉터리 (기본 $XDG_CACHE_HOME/kcarbon/grid 또는 ~/.cache/kcarbon/grid)',
  'exit 3 when the grid provider fails instead of falling back to offline data':
    '전력망 데이터 제공자가 실패하면 오프라인 데이터로 대체하지 않고 종료 코드 3으로 종료',
  'assessment time, ISO 8601 with Z or an offset, e.g. 2026-01-15T05:00:00Z (default now)':
    '평가 시각, Z 또는 오프셋이 있는 ISO 8601, 예: 2026-01-15T05:00:00Z (기본 지금)',
  'shorthand for --format json': '--format json의 약어',
  'force colour': '색상 강제',
  'disable colour (also NO_COLOR)': '색상 끄기 (NO_COLOR도 가능)',
  'hide warnings': '경고 숨기기',
  'output and --help language: en or ko (default from LANG)':
    '출력과 --help 언어: en 또는 ko (기본값은 LANG)',
  'namespace to look at': '볼 네임스페이스',
  'all namespaces (the default when -n is absent)': '모든 네임스페이스 (-n이 없을 때 기본)',
  'metrics source: a file, a directory of per-node dumps, - for stdin, or http(s) URLs (repeat or comma-separate)':
    '메트릭 소스: 파일, 노드별 덤프 디렉터리, 표준 입력(-) 또는 http(s) URL (반복하거나 쉼표로 구분)',
  'read Kepler series from Prometheus (all nodes in one query) instead of the exporters':
    '익스포터 대신 Prometheus에서 Kepler 시계열 읽기 (한 번의 쿼리로 모든 노드)',
  'with --prometheus: average power over this window, e.g. 1h (rate of the joules counters)':
    '--prometheus와 함께: 이 구간의 평균 전력, 예: 1h (줄 카운터의 rate)',
  'output format: table, json, markdown, html, csv, sarif, junit or github (annotations)':
    '출력 형식: table, json, markdown, html, csv, sarif, junit 또는 github (주석)',
  'also write a report to a file, e.g. sarif=kcarbon.sarif (repeatable)':
    '보고서를 파일로도 쓰기, 예: sarif=kcarbon.sarif (반복 가능)',
  'report only, same as --fail-on never: exit 0 even when a check is NON_COMPLIANT (cron reports)':
    '보고만 하기 (--fail-on never와 같음): 검사가 NON_COMPLIANT여도 종료 코드 0 (cron 보고서)',
  'print stack traces with errors, and each Prometheus query with their count':
    '오류와 함께 스택 추적, 그리고 각 Prometheus 쿼리와 개수 출력',
  'per-request timeout for URLs (default 10s)': 'URL 요청당 제한 시간 (기본 10s)',
  'retries per URL on network errors and 5xx (default 2)':
    '네트워크 오류와 5xx에서 URL당 재시도 횟수 (기본 2)',
  'PEM CA bundle to trust for https sources': 'https 소스에 신뢰할 PEM CA 번들',
  'skip TLS certificate verification (explicit opt-in)': 'TLS 인증서 검증 건너뛰기 (명시적 선택)',
  'fail on findings of this severity or worse: error (default), warning or never':
    '이 심각도 이상의 결과에서 실패: error (기본), warning 또는 never',
  // commander's own texts
  'Usage:': '사용법:',
  'Options:': '옵션:',
  'Commands:': '명령:',
  'Arguments:': '인수:',
  'Global Options:': '공통 옵션:',
  'display help for command': '명령 도움말 표시',
  'output the version number': '버전 번호 출력',
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
};
