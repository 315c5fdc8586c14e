/** A job plan as the API shows it: what to do for one failure mode. */
export interface JobPlanSpec {
  id: string;
  failureMode: string;
  title: string;
  tasks: string[];
  skills: { skill: string; level: number }[];
  parts: { partId: string; quantity: number }[];
  estimatedMinutes: number;
}

/** Plans for the failure modes the simulator produces; planners edit them through the API. */
export const SEED_JOB_PLANS: readonly JobPlanSpec[] = [
  {
    id: 'jp-bearing_wear',
    failureMode: 'bearing_wear',
    title: 'Replace worn bearings',
    tasks: [
      'Lock out and tag out',
      'Remove coupling guard',
      'Replace drive-end and non-drive-end bearings',
      'Regrease',
      'Run-in and check vibration',
    ],
    skills: [
      { skill: 'mechanical', level: 3 },
      { skill: 'vibration_analysis', level: 2 },
    ],
    parts: [
      { partId: 'bearing-6205', quantity: 2 },
      { partId: 'grease-ep2', quantity: 1 },
    ],
    estimatedMinutes: 180,
  },
  {
    id: 'jp-imbalance',
    failureMode: 'imbalance',
    title: 'Balance rotor',
    tasks: [
      'Lock out and tag out',
      'Clean impeller',
      'Measure phase and amplitude',
      'Add or remove trim weights',
      'Verify vibration',
    ],
    skills: [{ skill: 'vibration_analysis', level: 3 }],
    parts: [{ partId: 'balance-weight-kit', quantity: 1 }],
    estimatedMinutes: 120,
  },
  {
    id: 'jp-misalignment',
    failureMode: 'misalignment',
    title: 'Realign shaft coupling',
    tasks: [
      'Lock out and tag out',
      'Check soft foot',
      'Laser-align motor to pump',
      'Torque hold-down bolts',
      'Verify vibration',
    ],
    skills: [
      { skill: 'mechanical', level: 2 },
      { skill: 'laser_alignment', level: 2 },
    ],
    parts: [{ partId: 'shim-set', quantity: 1 }],
    estimatedMinutes: 90,
  },
  {
    id: 'jp-cavitation',
    failureMode: 'cavitation',
    title: 'Correct suction conditions',
    tasks: [
      'Check suction strainer and valves',
      'Measure suction pressure against NPSH required',
      'Inspect impeller for pitting',
      'Adjust operating point',
    ],
    skills: [
      { skill: 'process', level: 2 },
      { skill: 'mechanical', level: 2 },
    ],
    parts: [{ partId: 'strainer-basket', quantity: 1 }],
    estimatedMinutes: 120,
  },
  {
    id: 'jp-lubrication_loss',
    failureMode: 'lubrication_loss',
    title: 'Restore lubrication',
    tasks: [
      'Inspect oil level and condition',
      'Find and fix the leak path',
      'Flush and refill',
      'Check bearing temperature',
    ],
    skills: [{ skill: 'lubrication', level: 2 }],
    parts: [{ partId: 'oil-iso-vg68', quantity: 2 }],
    estimatedMinutes: 60,
  },
  {
    id: 'jp-overheating',
    failureMode: 'overheating',
    title: 'Find and remove heat source',
    tasks: [
      'Check motor current and cooling fan',
      'Clean cooling fins',
      'Thermograph terminals and bearings',
      'Check load against rating',
    ],
    skills: [
      { skill: 'electrical', level: 2 },
      { skill: 'thermography', level: 1 },
    ],
    parts: [{ partId: 'cooling-fan', quantity: 1 }],
    estimatedMinutes: 90,
  },
  {
    id: 'jp-seal_leak',
    failureMode: 'seal_leak',
    title: 'Replace mechanical seal',
    tasks: [
      'Lock out, isolate and drain',
      'Remove pump back pull-out',
      'Replace mechanical seal and O-rings',
      'Pressure test',
      'Return to service',
    ],
    skills: [{ skill: 'mechanical', level: 3 }],
    parts: [
      { partId: 'mech-seal-35mm', quantity: 1 },
      { partId: 'o-ring-kit', quantity: 1 },
    ],
    estimatedMinutes: 240,
  },
];
