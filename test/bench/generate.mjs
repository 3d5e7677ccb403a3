// Deterministic Kepler v0.11 node dumps for the benchmarks (never for tests): node, pod, container, VM and
// process series with the v0.11 label sets (some label values with escaped quotes, backslashes, newlines),
// plus go_* with a summary. `generateNode()` returns the exposition text of one node.

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Go's strconv.FormatFloat(v, 'g', -1, 64), as the Prometheus client prints sample values. */
function goFloat(v) {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return '0';
  const [mant, e] = v.toExponential().split('e');
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(v);
}

/** Label value escaping of the Prometheus text format. */
const esc = (s) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labelSet = (obj) =>
  `{${Object.keys(obj)
    .sort()
    .map((k) => `${k}="${esc(obj[k])}"`)
    .join(',')}}`;
const round = (v, d) => Math.round(v * 10 ** d) / 10 ** d;
const ZONES = ['dram', 'package'];

/**
 * One node's dump. `pods`, `containers` (default 2 per pod), `processes`, `vms`; `seed` varies the data.
 */
export function generateNode({
  node = 'worker-17.prod.example.internal',
  pods: PODS = 300,
  containers: CONTAINERS = PODS * 2,
  processes: PROCESSES = 20_000,
  vms: VMS = 4,
  seed = 0x6b63_6172,
} = {}) {
  const rand = mulberry32(seed);
  const int = (n) => Math.floor(rand() * n);
  const pick = (xs) => xs[int(xs.length)];
  const hex = (n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[int(16)];
    return s;
  };
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
  const NODE = node;
  const out = [];
  const family = (name, type, help, rows) => {
    out.push(`# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`);
    for (const [labels, value] of rows)
      out.push(`${name}${labels ? labelSet(labels) : ''} ${goFloat(value)}\n`);
  };

  out.push(
    '# HELP go_gc_duration_seconds A summary of the wall-time pause (stop-the-world) duration in garbage collection cycles.\n',
    '# TYPE go_gc_duration_seconds summary\n',
  );
  for (const q of ['0', '0.25', '0.5', '0.75', '1']) {
    out.push(`go_gc_duration_seconds{quantile="${q}"} ${goFloat(round(rand() * 1e-3, 9))}\n`);
  }
  out.push(`go_gc_duration_seconds_sum ${goFloat(0.140236911)}\ngo_gc_duration_seconds_count 1830\n`);
  family('go_goroutines', 'gauge', 'Number of goroutines that currently exist.', [[null, 97]]);
  family('go_info', 'gauge', 'Information about the Go environment.', [[{ version: 'go1.23.12' }, 1]]);
  for (const m of [
    'alloc_bytes',
    'heap_alloc_bytes',
    'heap_idle_bytes',
    'heap_inuse_bytes',
    'heap_sys_bytes',
  ]) {
    family(`go_memstats_${m}`, 'gauge', `Number of ${m.replace(/_/g, ' ')}.`, [[null, 1e6 + int(9e8)]]);
  }
  family('go_threads', 'gauge', 'Number of OS threads created.', [[null, 18]]);
  family(
    'kepler_build_info',
    'gauge',
    "A metric with a constant '1' value labeled with version information",
    [
      [
        { arch: 'amd64', branch: 'HEAD', goversion: 'go1.23.12', revision: '99d84313', version: 'v0.11.2' },
        1,
      ],
    ],
  );

  const namespaces = ['shop', 'batch', 'kube-system', 'monitoring', 'payments', 'search', 'ml', 'default'];
  const pods = [];
  for (let p = 0; p < PODS; p++) {
    pods.push({
      pod_id: uuid(),
      pod_name: `${pick(['api', 'web', 'worker', 'etl', 'cache', 'db'])}-${hex(10)}-${hex(5)}`,
      pod_namespace: pick(namespaces),
      state: rand() < 0.03 ? 'terminated' : 'running',
      watts: rand() * 8,
    });
  }
  const containers = [];
  for (let c = 0; c < CONTAINERS; c++) {
    const pod = pods[c % PODS];
    containers.push({
      container_id: hex(64),
      container_name: pick(['app', 'sidecar', 'nginx', 'envoy', 'init', 'exporter']),
      pod_id: pod.pod_id,
      runtime: 'containerd',
      state: pod.state,
      watts: pod.watts / 2,
    });
  }
  const vms = [];
  for (let v = 0; v < VMS; v++) {
    vms.push({
      vm_id: uuid(),
      vm_name: `vm-${v} "test"`,
      hypervisor: 'kvm',
      state: 'running',
      watts: rand() * 5,
    });
  }
  const zoneRows = (items, labelsOf, value) => {
    const rows = [];
    for (const it of items)
      for (const zone of ZONES) rows.push([{ ...labelsOf(it), node_name: NODE, zone }, value(it, zone)]);
    return rows;
  };
  const containerLabels = ({ container_id, container_name, pod_id, runtime, state }) => ({
    container_id,
    container_name,
    pod_id,
    runtime,
    state,
  });
  family(
    'kepler_container_cpu_joules_total',
    'counter',
    'Energy consumption of cpu at container level in joules',
    zoneRows(containers, containerLabels, (c, z) => round(c.watts * (z === 'dram' ? 0.1 : 1) * 86400, 3)),
  );
  family(
    'kepler_container_cpu_watts',
    'gauge',
    'Power consumption of cpu at container level in watts',
    zoneRows(containers, containerLabels, (c, z) => round(c.watts * (z === 'dram' ? 0.1 : 1), 6)),
  );
  const nodeRows = (value) =>
    ZONES.map((zone) => [{ node_name: NODE, path: `aggregated-${zone}`, zone }, value(zone)]);
  family(
    'kepler_node_cpu_active_joules_total',
    'counter',
    'Energy consumption of cpu in active state at node level in joules',
    nodeRows(() => round(4e6 + rand() * 1e6, 6)),
  );
  family(
    'kepler_node_cpu_active_watts',
    'gauge',
    'Power consumption of cpu in active state at node level in watts',
    nodeRows(() => round(rand() * 200, 6)),
  );
  family(
    'kepler_node_cpu_idle_joules_total',
    'counter',
    'Energy consumption of cpu in idle state at node level in joules',
    nodeRows(() => round(9e6 + rand() * 1e6, 6)),
  );
  family(
    'kepler_node_cpu_idle_watts',
    'gauge',
    'Power consumption of cpu in idle state at node level in watts',
    nodeRows(() => round(rand() * 120, 6)),
  );
  const cpus = [];
  for (let cpu = 0; cpu < 64; cpu++) {
    cpus.push([
      {
        core_id: String(cpu >> 1),
        model_name: 'Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz',
        physical_id: String(cpu & 1),
        processor: String(cpu),
        vendor_id: 'GenuineIntel',
      },
      1,
    ]);
  }
  family('kepler_node_cpu_info', 'gauge', 'CPU information from procfs', cpus);
  family(
    'kepler_node_cpu_joules_total',
    'counter',
    'Energy consumption of cpu at node level in joules',
    nodeRows(() => round(2e7 + rand() * 1e6, 6)),
  );
  family('kepler_node_cpu_usage_ratio', 'gauge', 'CPU usage ratio of a node (value between 0.0 and 1.0)', [
    [{ node_name: NODE }, 0.3512],
  ]);
  family(
    'kepler_node_cpu_watts',
    'gauge',
    'Power consumption of cpu at node level in watts',
    nodeRows(() => round(rand() * 320, 6)),
  );
  const podLabels = ({ pod_id, pod_name, pod_namespace, state }) => ({
    pod_id,
    pod_name,
    pod_namespace,
    state,
  });
  family(
    'kepler_pod_cpu_joules_total',
    'counter',
    'Energy consumption of cpu at pod level in joules',
    zoneRows(pods, podLabels, (p, z) => round(p.watts * (z === 'dram' ? 0.1 : 1) * 86400, 3)),
  );
  family(
    'kepler_pod_cpu_watts',
    'gauge',
    'Power consumption of cpu at pod level in watts',
    zoneRows(pods, podLabels, (p, z) => round(p.watts * (z === 'dram' ? 0.1 : 1), 6)),
  );
  const comms = [
    'java',
    'python3',
    'node',
    'nginx',
    'envoy',
    'containerd-shim',
    'kworker/3:1',
    'bash',
    'postgres',
    'redis-server',
  ];
  const exes = [
    '/usr/bin/java',
    '/usr/local/bin/python3',
    '/usr/local/bin/node',
    '/usr/sbin/nginx',
    '/usr/local/bin/envoy',
  ];
  const procs = [];
  for (let p = 0; p < PROCESSES; p++) {
    const r = rand();
    const type = r < 0.7 ? 'container' : r < 0.98 ? 'regular' : 'vm';
    let comm = pick(comms);
    let exe = pick(exes);
    if (p % 997 === 0) comm = 'odd "name"\\x';
    if (p % 1499 === 0) exe = 'C:\\Program Files\\x.exe';
    if (p % 4999 === 0) comm = 'multi\nline';
    procs.push({
      comm,
      container_id: type === 'container' && CONTAINERS > 0 ? containers[int(CONTAINERS)].container_id : '',
      exe,
      pid: String(1000 + p * 7),
      state: rand() < 0.02 ? 'terminated' : 'running',
      type,
      vm_id: type === 'vm' && VMS > 0 ? vms[int(VMS)].vm_id : '',
      watts: rand() * rand() * 3,
      seconds: rand() * 1e5,
    });
  }
  const procLabels = ({ comm, container_id, exe, pid, state, type, vm_id }) => ({
    comm,
    container_id,
    exe,
    pid,
    state,
    type,
    vm_id,
  });
  family(
    'kepler_process_cpu_joules_total',
    'counter',
    'Energy consumption of cpu at process level in joules',
    zoneRows(procs, procLabels, (p, z) => round(p.watts * (z === 'dram' ? 0.1 : 1) * p.seconds, 3)),
  );
  family(
    'kepler_process_cpu_seconds_total',
    'counter',
    'Total user and system time of cpu at process level in seconds',
    procs.map((p) => {
      const { state: _state, ...labels } = procLabels(p);
      return [{ ...labels, node_name: NODE }, round(p.seconds, 2)];
    }),
  );
  family(
    'kepler_process_cpu_watts',
    'gauge',
    'Power consumption of cpu at process level in watts',
    zoneRows(procs, procLabels, (p, z) => round(p.watts * (z === 'dram' ? 0.1 : 1), 6)),
  );
  const vmLabels = ({ hypervisor, state, vm_id, vm_name }) => ({ hypervisor, state, vm_id, vm_name });
  family(
    'kepler_vm_cpu_joules_total',
    'counter',
    'Energy consumption of cpu at vm level in joules',
    zoneRows(vms, vmLabels, (v) => round(v.watts * 86400, 3)),
  );
  family(
    'kepler_vm_cpu_watts',
    'gauge',
    'Power consumption of cpu at vm level in watts',
    zoneRows(vms, vmLabels, (v) => round(v.watts, 6)),
  );
  family('process_cpu_seconds_total', 'counter', 'Total user and system CPU time spent in seconds.', [
    [null, 4521.33],
  ]);
  family('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.', [[null, 2.1478e8]]);
  family(
    'promhttp_metric_handler_errors_total',
    'counter',
    'Total number of internal errors encountered by the promhttp metric handler.',
    [
      [{ cause: 'encoding' }, 0],
      [{ cause: 'gathering' }, 0],
    ],
  );
  return out.join('');
}
