// Every user-visible string of the web client lives here, keyed by feature, so
// that a second locale (English) is a new object of the same `Messages` shape
// rather than a hunt through components. Values may be functions where a
// sentence needs parameters, because word order differs between languages.

export interface Messages {
  app: {
    /** Full product name: top bar, document title, index.html <title>. */
    title: string
    /** Shown by index.html when scripts are disabled. */
    noscript: string
    /** Document title of a sub page, e.g. "方案 | 护航 · …". */
    pageTitle: (page: string) => string
  }
  nav: {
    label: string
    home: string
    plans: string
    alerts: string
    me: string
  }
  home: {
    introHeading: string
    intro: string
    featuresHeading: string
    features: ReadonlyArray<{ title: string; description: string }>
    statusHeading: string
  }
  readiness: {
    label: string
    checking: string
    ok: string
    recheck: string
    /** Joined list of failing dependencies, already localized. */
    dependenciesDown: (dependencies: string[]) => string
    dependencyNames: Readonly<Record<string, string>>
    unavailable: (httpStatus: number) => string
    httpError: (httpStatus: number) => string
    badResponse: string
    networkError: string
    timeout: string
  }
  comingSoon: {
    plans: string
    alerts: string
    me: string
    hint: string
  }
  notFound: {
    title: string
    description: string
    backHome: string
  }
  common: {
    loading: string
    loadMore: string
    retry: string
    cancel: string
    back: string
    search: string
    close: string
    created: string
  }
  errors: {
    network: string
    server: (requestId?: string) => string
    unauthorized: string
    forbidden: string
    notFound: string
    conflict: string
    invalidInput: string
    generic: (httpStatus: number) => string
    sessionExpired: string
    rateLimitedSeconds: (seconds: number) => string
    rateLimitedMinutes: (minutes: number) => string
    rateLimited: string
    usernameTaken: string
    creditCodeExists: string
  }
  roles: Readonly<Record<'platform_admin' | 'bureau_auditor' | 'school_admin' | 'teacher' | 'enterprise_admin' | 'enterprise_mentor' | 'student', string>>
  orgKinds: Readonly<Record<'bureau' | 'school' | 'enterprise', string>>
  divisionLevels: Readonly<Record<'province' | 'city' | 'county', string>>
  validation: {
    required: (label: string) => string
    choose: (label: string) => string
    tooLong: (label: string, max: number) => string
    usernameFormat: string
    mobileFormat: string
    creditCodeFormat: string
    creditCodeChecksum: string
    integerRange: (label: string, min: number, max: number) => string
    numberRange: (label: string, min: number, max: number) => string
    date: (label: string) => string
    notInFuture: (label: string) => string
    approvalBeforeAssessment: string
    time: (label: string) => string
    wage: string
    passwordPolicy: string
    passwordMismatch: string
    passwordSame: string
  }
  password: {
    ruleLength: (min: number) => string
    ruleClasses: string
    ruleUsername: string
    met: string
    unmet: string
  }
  login: {
    pageTitle: string
    heading: string
    intro: string
    username: string
    usernamePlaceholder: string
    password: string
    passwordPlaceholder: string
    submit: string
    submitting: string
    badCredentials: string
  }
  me: {
    signedOutTitle: string
    signedOutText: string
    login: string
    profileHeading: string
    username: string
    noOrg: string
    manageHeading: string
    accountHeading: string
    sessions: string
    changePassword: string
    logout: string
    loggedOut: string
  }
  sessions: {
    pageTitle: string
    current: string
    createdAt: string
    lastSeen: string
    ip: string
    unknownDevice: string
    revoke: string
    revokeTitle: string
    revokeText: string
    revoked: string
    empty: string
    device: (browser: string, os: string) => string
  }
  changePassword: {
    pageTitle: string
    current: string
    currentPlaceholder: string
    new: string
    newPlaceholder: string
    repeat: string
    repeatPlaceholder: string
    submit: string
    done: string
    policyHeading: string
    wrongCurrent: string
  }
  forbidden: {
    title: string
    description: string
    back: string
  }
  plans: typeof zhPlans
  manage: {
    links: {
      orgs: string
      orgsReadOnly: string
      users: string
      schoolUsers: string
      mentors: string
      enterprises: string
      hosts: string
      posts: string
    }
    listEmpty: string
    searchPlaceholder: string
    allKinds: string
    allRoles: string
    orgs: {
      create: string
      newTitle: string
      kind: string
      name: string
      namePlaceholder: string
      division: string
      divisionPlaceholder: string
      creditCode: string
      creditCodePlaceholder: string
      submit: string
      created: (name: string) => string
      itemLabel: (kind: string, division: string) => string
    }
    divisionPicker: {
      title: string
      searchPlaceholder: string
      empty: string
      optionLabel: (name: string, code: string) => string
    }
    orgPicker: {
      title: (kind: string) => string
      searchPlaceholder: string
      empty: string
    }
    users: {
      create: (what: string) => string
      newTitle: (what: string) => string
      account: string
      username: string
      usernamePlaceholder: string
      usernameHint: string
      displayName: string
      displayNamePlaceholder: string
      password: string
      passwordPlaceholder: string
      role: string
      org: string
      orgPlaceholder: string
      orgFixed: string
      noOrgForRole: string
      phone: string
      phonePlaceholder: string
      submit: string
      created: (username: string) => string
      itemLabel: (role: string, org: string) => string
    }
    enterprises: {
      create: string
      newTitle: string
      basics: string
      location: string
      safety: string
      name: string
      namePlaceholder: string
      creditCode: string
      creditCodePlaceholder: string
      division: string
      industry: string
      industryPlaceholder: string
      address: string
      addressPlaceholder: string
      lat: string
      lng: string
      latPlaceholder: string
      lngPlaceholder: string
      locate: string
      locating: string
      locateFailed: string
      datum: string
      datums: Readonly<Record<'wgs84' | 'gcj02' | 'bd09', string>>
      fenceRadius: string
      fenceRadiusHint: string
      headcount: string
      headcountPlaceholder: string
      bannedVenue: string
      bannedVenueHint: string
      intermediary: string
      intermediaryHint: string
      violations: string
      violationsHint: string
      violationDate: string
      violationSummary: string
      violationSummaryPlaceholder: string
      addViolation: string
      removeViolation: (n: number) => string
      violationHeading: (n: number) => string
      submit: string
      created: (name: string) => string
      existsTitle: string
      existsText: string
      addToHosts: string
      itemLabel: (creditCode: string, headcount: number) => string
      flagged: string
    }
    hosts: {
      create: string
      newTitle: string
      enterprise: string
      enterprisePlaceholder: string
      enterprisePickerTitle: string
      assessedOn: string
      report: string
      reportPlaceholder: string
      approvedOn: string
      submit: string
      created: (name: string) => string
      itemLabel: (assessed: string, approved: string) => string
    }
    posts: {
      create: string
      newTitle: string
      name: string
      namePlaceholder: string
      majorCategory: string
      majorCategoryPlaceholder: string
      headcount: string
      hoursPerDay: string
      hoursPerWeek: string
      shiftStart: string
      shiftEnd: string
      worksRestDays: string
      labourGrade: string
      labourGrades: readonly [string, string, string, string]
      highRisk: string
      highRisks: Readonly<Record<'heights' | 'underground' | 'radioactive' | 'toxic' | 'flammable_explosive', string>>
      forbiddenForMinors: string
      forbiddenForWomen: string
      restrictions: string
      wage: string
      wagePlaceholder: string
      submit: string
      created: (name: string) => string
      itemLabel: (p: { headcount: number; shift: string; hours: string; grade: string; wage: string }) => string
      hoursValue: (perDay: number, perWeek: number) => string
      wageValue: (yuan: string) => string
    }
  }
}


// The plan screens (实习方案审批备案). Their shape is taken from this object,
// so a second locale is checked against it just the same.
const zhPlans = {
  title: '实习方案',
  cosignListTitle: '待会签方案',
  colon: '：',
  effectNote: (effect: string) => `（${effect}）`,
  specialLine: (covers: string, post: string, reason: string) => `${covers} · ${post}：${reason}`,
  recordNo: (no: string) => `备案号：${no}`,
  signedOutTitle: '登录后办理实习方案',
  signedOutText: '学校、实习单位和教育局工作人员登录后，可在此起草、会签、审核和备案实习方案。',
  login: '登录',
  noRoleTitle: '当前账号不办理实习方案',
  noRoleText: '实习方案由学校管理员起草，实习单位管理员会签，教育局审核员审核备案。',
  create: '新建实习方案',
  listEmpty: '暂无实习方案',
  statusFilter: '按状态筛选',
  tabs: {
    all: '全部',
    draft: '草稿',
    awaiting_cosign: '待会签',
    cosigned: '已会签',
    submitted: '待审核',
    returned: '已退回',
    approved: '已备案',
  },
  types: { cognitive: '认识实习', post: '岗位实习' } as Record<'cognitive' | 'post', string>,
  covers: { night: '夜班', restday: '休息日、节假日', highrisk: '高风险岗位' } as Record<'night' | 'restday' | 'highrisk', string>,
  effects: { block: '禁止', override: '可申请豁免', warn: '提醒', route: '转报' } as Record<
    'block' | 'override' | 'warn' | 'route',
    string
  >,
  steps: { basics: '基本信息', posts: '岗位与人数', safety: '内容与保障', check: '合规检查' } as Record<
    'basics' | 'posts' | 'safety' | 'check',
    string
  >,
  fields: {
    plan: '方案整体',
    type: '实习类型',
    title: '方案名称',
    major: '专业',
    major_category: '专业大类',
    cohort: '年级',
    starts_on: '开始日期',
    ends_on: '结束日期',
    posts: '岗位与人数',
    content: '实习内容',
    safety_measures: '安全保障措施',
    emergency_plan: '应急预案',
    insurance_arrangement: '保险安排',
    special_arrangements: '特殊安排',
    instructor_ids: '实习指导教师',
    mentor_ids: '企业导师',
    planned_count: '计划人数',
    pay: '月实习报酬（元）',
  },
  filingNo: '备案号',
  filingNoValue: (no: string) => `备案号 ${no}`,
  period: (from: string, to: string) => `${from} 至 ${to}`,
  itemMeta: (type: string, major: string, cohort: string) => `${type} · ${major} · ${cohort}`,
  daysWaiting: (days: number) => `已等待 ${days} 天`,
  versionLabel: (n: number) => `第 ${n} 版`,
  people: (n: number) => `${n} 人`,
  yuanPerMonth: (yuan: string) => `${yuan} 元/月`,
  form: {
    newTitle: '新建实习方案',
    editTitle: '修改实习方案',
    stepsLabel: '填写步骤',
    stepOf: (n: number, total: number, name: string) => `第 ${n} 步，共 ${total} 步：${name}`,
    prev: '上一步',
    next: '下一步',
    save: '保存草稿',
    saved: '草稿已保存',
    typeHint: '认识实习为短期参观学习；岗位实习为到岗位参与实际工作',
    titlePlaceholder: '如 2024级数控技术应用专业岗位实习方案',
    majorPlaceholder: '如 数控技术应用',
    majorCategoryPlaceholder: '如 装备制造大类',
    majorCategoryHint: '须与实习岗位的专业大类一致',
    cohortPlaceholder: '如 2024级',
    endBeforeStart: '结束日期不能早于开始日期',
    noPosts: '请至少选择一个实习岗位',
    duplicatePost: '同一岗位不能重复添加',
    addPost: '添加实习岗位',
    addPostPlaceholder: '从合作单位的岗位中选择',
    postPickerTitle: '选择实习岗位',
    postSearch: '输入岗位或单位名称搜索',
    postPickerEmpty: '合作单位名单中没有可选岗位',
    postOption: (enterprise: string, category: string, wage: string) => `${enterprise} · ${category} · 参考工资 ${wage} 元/月`,
    postsHint: '只能选择本校合作单位名单内企业申报的岗位',
    removePost: (name: string) => `移除岗位“${name}”`,
    wageRef: (wage: string, floor: string) => `同岗位参考工资 ${wage} 元/月，80% 为 ${floor} 元`,
    payBelowFloor: (floor: string) => `低于参考工资的 80%（${floor} 元），报送时将被拒绝`,
    postFacts: (p: { hours: string; shift: string; grade: string; category: string }) =>
      `${p.hours} · ${p.shift} · 强度${p.grade} · ${p.category}`,
    categoryMismatch: (category: string) => `岗位专业大类为“${category}”，与方案不一致`,
    hoursValue: (perDay: number, perWeek: number) => `每日 ${perDay} 小时/每周 ${perWeek} 小时`,
    restDays: '休息日需上班',
    payPlaceholder: '如 3400',
    contentPlaceholder: '实习目标、内容与安排',
    safetyPlaceholder: '安全教育、防护用品、巡查制度等',
    emergencyPlaceholder: '突发事件的报告、处置和联系人',
    insurancePlaceholder: '如 学校为全体实习学生投保实习责任保险，费用不由学生承担',
    special: '特殊安排（第十七条）',
    specialHint: '岗位确需夜班、休息日或高风险作业时，须说明理由并备案',
    specialCovers: '安排类型',
    specialPost: '涉及岗位',
    specialPostPlaceholder: '请选择岗位',
    specialReason: '理由',
    specialReasonPlaceholder: '说明必要性和保护措施',
    addSpecial: '添加特殊安排',
    removeSpecial: (n: number) => `删除第 ${n} 项特殊安排`,
    specialHeading: (n: number) => `特殊安排 ${n}`,
    duplicateSpecial: '同一岗位的同类特殊安排只能填写一次',
    staff: '实习指导（第八条）',
    instructorsHint: '勾选本校负责指导和管理本方案学生的教师',
    noTeachers: '本校还没有教师账号，可先在“账号管理”中添加',
    teachersLoadFailed: '教师名单加载失败，请刷新页面后重试',
    mentorsHint: '只列出本方案实习单位的企业导师；删去某单位的全部岗位时，其企业导师一并取消',
    noMentors: '本方案的实习单位还没有企业导师账号',
    mentorsNeedPosts: '请先在第 2 步选择实习岗位，再勾选其实习单位的企业导师',
    mentorsLoadFailed: '企业导师名单加载失败，请刷新页面后重试',
    checkIntro: '保存草稿后运行全部 16 项规则的预检查，结果不影响草稿。',
    runCheck: '保存并检查',
    checking: '检查中…',
    stepIssues: (n: number) => `合规检查：本步骤有 ${n} 项未通过`,
    reviewNotes: '审核意见',
    reviewNotesIntro: (n: number) => `教育局退回了第 ${n} 版方案，请按以下意见修改后重新提交会签：`,
    reasonBeside: (text: string) => `审核意见：${text}`,
    fixErrors: '请先修改标红的内容',
    notEditable: (status: string) => `方案当前状态为“${status}”，不能修改`,
    toDetail: '查看方案',
    requestCosign: '保存并提交企业会签',
  },
  diff: {
    post: (enterprise: string, post: string, count: number, pay: string) => `${enterprise} · ${post}：计划 ${count} 人，月报酬 ${pay} 元`,
    special: (covers: string, reason: string) => `${covers}：${reason}`,
    staff: (name: string, org: string) => `${name} · ${org}`,
    plannedCount: '计划人数',
    pay: '月报酬',
    people: (n: number) => `${n} 人`,
    yuan: (yuan: string) => `${yuan} 元`,
  },
  check: {
    heading: '合规检查',
    notRun: '尚未检查',
    passed: '通过',
    failed: '未通过',
    covered: '已备案特殊安排',
    summary: (passed: number, total: number) => `${total} 项规则，通过 ${passed} 项`,
    blocking: (n: number) => `${n} 项禁止性规则未通过，须修改后才能报送`,
    allBlocksPass: '禁止性规则全部通过',
    details: '详情',
    article: (a: string) => (a === 'local' ? '地方规定' : `第${a}条`),
  },
  detail: {
    title: '实习方案',
    basics: '基本信息',
    school: '学校',
    type: '实习类型',
    major: '专业',
    majorCategory: '专业大类',
    cohort: '年级',
    period: '实习期间',
    posts: '岗位与人数',
    postLine: (count: number, pay: string) => `计划 ${count} 人 · 月报酬 ${pay} 元`,
    content: '内容与保障',
    empty: '（未填写）',
    special: '特殊安排',
    instructors: '实习指导教师',
    mentors: '企业导师',
    staffLine: (name: string, org: string) => `${name} · ${org}`,
    noStaff: '未指定',
    cosigns: '企业会签',
    cosignSigned: '已会签',
    cosignDeclined: '不同意',
    cosignPending: '待会签',
    cosignReason: (reason: string) => `理由：${reason}`,
    declinedNote: (enterprise: string, reason: string) => `${enterprise}不同意会签：${reason}`,
    filing: '备案信息',
    approvedAt: '备案日期',
    reviewDivision: '审核部门',
    submittedAt: '报送时间',
    version: '版本',
    edit: '修改方案',
    requestCosign: '提交企业会签',
    requestCosignDone: '已提交企业会签',
    submit: '报送审核',
    submitted: '已报送教育局审核',
    withdraw: '撤回方案',
    withdrawTitle: '撤回方案',
    withdrawText: '撤回后方案不再办理，且不能恢复。确定撤回吗？',
    withdrawn: '方案已撤回',
    record: '查看备案表',
    waitingCosign: '等待实习单位会签。',
    waitingReview: '已报送，等待教育局审核。',
    review: '进入审核',
    cosign: '会签同意',
    cosignDone: '已会签同意',
    decline: '不同意',
    declineTitle: '不同意会签',
    declineLabel: '不同意的理由',
    declinePlaceholder: '请说明需要学校修改的内容',
    declineDone: '已退回学校',
    alreadyAnswered: '本单位已对该版本作出会签答复',
    violationsHeading: '报送未通过合规检查',
    violationsIntro: (n: number) => `以下 ${n} 项规则未通过，方案未能报送：`,
    requestExemption: '为可豁免项申请豁免',
    approvedBanner: (no: string) => `方案已备案，备案号 ${no}`,
  },
  exemption: {
    title: '申请豁免并报送',
    intro: '以下规则允许由教育局审核后豁免。填写理由即提出豁免申请，不填写则不申请。',
    blockNote: (n: number) => `另有 ${n} 项禁止性规则未通过，不能豁免，报送将被拒绝，请先修改方案。`,
    reason: (rule: string) => `${rule} 的豁免理由`,
    reasonPlaceholder: '说明必要性和保障措施',
    submit: '报送审核',
  },
  review: {
    queueTitle: '审核队列',
    queueEmpty: '暂无待审核的方案',
    filterSchool: '学校',
    filterSchoolPlaceholder: '全部学校',
    clearSchool: '清除学校筛选',
    filterType: '实习类型',
    filterMajor: '专业',
    filterMajorPlaceholder: '输入专业名称筛选',
    allTypes: '全部',
    submittedAt: (at: string) => `报送于 ${at}`,
    title: '审核方案',
    content: '方案内容',
    diff: '变更对比',
    diffIntro: (from: number, to: number) => `第 ${from} 版（已退回）→ 第 ${to} 版`,
    diffEmpty: '与上一版相比没有变化',
    kinds: { changed: '修改', added: '新增', removed: '删除' } as Record<'changed' | 'added' | 'removed', string>,
    before: '修改前',
    after: '修改后',
    history: '审核记录',
    outcomes: { returned: '退回修改', approved: '批准备案', rejected: '不予备案', withdrawn: '学校撤回' } as Record<
      'returned' | 'approved' | 'rejected' | 'withdrawn',
      string
    >,
    pendingOutcome: '待审核',
    exemptions: '豁免申请',
    exemptionsIntro: '以下“可申请豁免”规则未通过；学校报送时已就此申请豁免。逐项决定是否准予：',
    exemptionsNone: '没有需要豁免的规则',
    exemptionReason: (reason: string) => `学校申请理由：${reason}`,
    exemptionNotRequested: '学校未申请豁免：只能退回或不予备案',
    grant: '准予豁免',
    refuse: '不予豁免',
    notCompetent: (division: string) => `该方案由行政区划 ${division} 的教育行政部门审核，您只能查看。`,
    approve: '批准备案',
    approveTitle: '批准备案',
    comment: '审核意见（选填）',
    commentPlaceholder: '如 方案内容完整，同意备案',
    approved: (no: string) => `已备案，备案号 ${no}`,
    return: '退回修改',
    returnTitle: '退回修改',
    returnIntro: '逐条指明需要修改的内容，学校修改时会在对应位置看到。',
    reasonField: (n: number) => `第 ${n} 条：修改内容`,
    reasonMessage: (n: number) => `第 ${n} 条：修改意见`,
    reasonMessagePlaceholder: '请写明需要如何修改',
    addReason: '再加一条',
    removeReason: (n: number) => `删除第 ${n} 条`,
    returned: '已退回学校修改',
    reject: '不予备案',
    rejectTitle: '不予备案',
    rejectLabel: '不予备案的理由',
    rejectPlaceholder: '请说明理由',
    rejected: '已决定不予备案',
    confirm: '确定',
  },
  // The bureau auditor's two views of the 方案 tab and the 全部方案 list.
  browse: {
    queueTab: '审核队列',
    allTab: '全部方案',
    title: '全部方案',
    filterStatus: '方案状态',
    allTypes: '全部类型',
    statuses: {
      all: '全部状态',
      submitted: '待审核',
      approved: '已备案',
      returned: '已退回',
      in_progress: '实施中',
      completed: '已完成',
      revoked: '已撤销',
      rejected: '未通过',
    },
    empty: '没有符合条件的方案',
  },
  record: {
    title: '实习方案备案表',
    print: '打印',
    notApproved: '该方案尚未备案，没有备案表。',
    school: '学校',
    planTitle: '方案名称',
    type: '实习类型',
    major: '专业（专业大类）',
    majorValue: (major: string, category: string) => `${major}（${category}）`,
    cohort: '年级',
    period: '实习期间',
    instructors: '实习指导教师',
    mentors: '企业导师',
    hosts: '实习单位与岗位',
    enterprise: '实习单位',
    post: '岗位',
    plannedCount: '计划人数',
    pay: '月报酬（元）',
    total: '合计',
    content: '实习内容',
    safety: '安全保障措施',
    emergency: '应急预案',
    insurance: '保险安排',
    special: '特殊安排',
    filingNo: '备案号',
    approvedAt: '备案日期',
    reviewDivision: '审核部门（行政区划）',
    none: '无',
  },
}

export const zhCN: Messages = {
  app: {
    title: '护航 · 职业学校学生实习监管平台',
    noscript: '请启用浏览器的 JavaScript 功能后再使用护航平台。',
    pageTitle: (page) => `${page} | 护航 · 职业学校学生实习监管平台`,
  },
  nav: {
    label: '主导航',
    home: '首页',
    plans: '方案',
    alerts: '预警',
    me: '我的',
  },
  home: {
    introHeading: '平台简介',
    intro:
      '护航帮助职业学校、实习单位和教育主管部门共同守护学生实习安全，把实习从方案到巡查的每一步都记录在案、有据可查。',
    featuresHeading: '主要功能',
    features: [
      { title: '方案审批备案', description: '实习方案在线提交、逐级审批，通过后自动备案。' },
      { title: '协作共管', description: '学校、实习单位与主管部门分工协作，共同管理实习学生。' },
      { title: '跟岗巡查', description: '指导教师按计划跟岗巡查，现场情况及时记录上报。' },
      { title: '专项排查台账', description: '按专项排查要求逐项检查，自动形成排查台账。' },
      { title: '预警', description: '发现异常情况及时预警，督促相关人员限时处置。' },
    ],
    statusHeading: '系统状态',
  },
  readiness: {
    label: '服务状态',
    checking: '检查中…',
    ok: '正常',
    recheck: '重新检查',
    dependenciesDown: (dependencies) => `异常：${dependencies.join('、')}不可用`,
    dependencyNames: {
      postgres: '数据库',
      redis: '缓存服务',
    },
    unavailable: (httpStatus) => `服务暂不可用（HTTP ${httpStatus}）`,
    httpError: (httpStatus) => `服务异常（HTTP ${httpStatus}）`,
    badResponse: '状态未知：服务器响应格式不正确',
    networkError: '无法连接服务器',
    timeout: '服务器响应超时',
  },
  comingSoon: {
    plans: '方案审批功能即将上线',
    alerts: '预警功能即将上线',
    me: '个人中心即将上线',
    hint: '该功能将在后续版本中提供，敬请期待。',
  },
  notFound: {
    title: '页面不存在',
    description: '您访问的页面不存在或已被移除。',
    backHome: '返回首页',
  },
  common: {
    loading: '加载中…',
    loadMore: '加载更多',
    retry: '重试',
    cancel: '取消',
    back: '返回',
    search: '搜索',
    close: '关闭',
    created: '创建成功',
  },
  errors: {
    network: '无法连接服务器，请检查网络后重试',
    server: (requestId) => (requestId ? `服务器出错，请稍后重试（请求编号 ${requestId}）` : '服务器出错，请稍后重试'),
    unauthorized: '请先登录',
    forbidden: '您无权执行此操作',
    notFound: '记录不存在或您无权访问',
    conflict: '操作与现有数据冲突',
    invalidInput: '填写的内容有误，请检查后重试',
    generic: (httpStatus) => `操作失败（HTTP ${httpStatus}）`,
    sessionExpired: '登录已过期，请重新登录',
    rateLimitedSeconds: (seconds) => `尝试次数过多，请 ${seconds} 秒后再试`,
    rateLimitedMinutes: (minutes) => `尝试次数过多，请 ${minutes} 分钟后再试`,
    rateLimited: '尝试次数过多，请稍后再试',
    usernameTaken: '用户名已被使用',
    creditCodeExists: '该统一社会信用代码的企业已登记',
  },
  roles: {
    platform_admin: '平台管理员',
    bureau_auditor: '教育局审核员',
    school_admin: '学校管理员',
    teacher: '实习指导教师',
    enterprise_admin: '企业管理员',
    enterprise_mentor: '企业导师',
    student: '学生',
  },
  orgKinds: {
    bureau: '教育局',
    school: '学校',
    enterprise: '企业',
  },
  divisionLevels: {
    province: '省',
    city: '市',
    county: '县区',
  },
  validation: {
    required: (label) => `请填写${label}`,
    choose: (label) => `请选择${label}`,
    tooLong: (label, max) => `${label}不能超过 ${max} 个字`,
    usernameFormat: '用户名为 3–32 位小写字母、数字或 _ . -，须以字母或数字开头',
    mobileFormat: '请输入 11 位手机号码',
    creditCodeFormat: '统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z）',
    creditCodeChecksum: '统一社会信用代码校验位不正确，请核对',
    integerRange: (label, min, max) => `${label}应为 ${min}–${max} 之间的整数`,
    numberRange: (label, min, max) => `${label}应在 ${min} 到 ${max} 之间`,
    date: (label) => `请选择有效的${label}`,
    notInFuture: (label) => `${label}不能晚于今天`,
    approvalBeforeAssessment: '审批日期不能早于考察日期',
    time: (label) => `${label}格式应为 时:分（如 08:30）`,
    wage: '请输入不小于 0 的金额，最多两位小数',
    passwordPolicy: '密码不符合要求',
    passwordMismatch: '两次输入的新密码不一致',
    passwordSame: '新密码不能与当前密码相同',
  },
  password: {
    ruleLength: (min) => `至少 ${min} 个字符`,
    ruleClasses: '包含大写字母、小写字母、数字、符号中的至少三类',
    ruleUsername: '不包含用户名',
    met: '已满足',
    unmet: '未满足',
  },
  login: {
    pageTitle: '登录',
    heading: '登录护航',
    intro: '请使用学校、实习单位或教育局为您开通的账号登录。',
    username: '用户名',
    usernamePlaceholder: '请输入用户名',
    password: '密码',
    passwordPlaceholder: '请输入密码',
    submit: '登录',
    submitting: '登录中…',
    badCredentials: '用户名或密码错误',
  },
  me: {
    signedOutTitle: '您尚未登录',
    signedOutText: '登录后可查看个人信息并使用管理功能。',
    login: '登录',
    profileHeading: '个人信息',
    username: '用户名',
    noOrg: '平台',
    manageHeading: '管理',
    accountHeading: '账户与安全',
    sessions: '我的会话',
    changePassword: '修改密码',
    logout: '退出登录',
    loggedOut: '已退出登录',
  },
  sessions: {
    pageTitle: '我的会话',
    current: '当前设备',
    createdAt: '登录时间',
    lastSeen: '最近活动',
    ip: 'IP 地址',
    unknownDevice: '未知设备',
    revoke: '下线',
    revokeTitle: '下线该设备',
    revokeText: '该设备将立即退出登录，需重新输入密码才能再次登录。确定下线吗？',
    revoked: '已下线该设备',
    empty: '暂无会话',
    device: (browser, os) => `${browser} · ${os}`,
  },
  changePassword: {
    pageTitle: '修改密码',
    current: '当前密码',
    currentPlaceholder: '请输入当前密码',
    new: '新密码',
    newPlaceholder: '请输入新密码',
    repeat: '确认新密码',
    repeatPlaceholder: '请再次输入新密码',
    submit: '确认修改',
    done: '密码已修改，其他设备已退出登录',
    policyHeading: '新密码要求',
    wrongCurrent: '当前密码不正确',
  },
  forbidden: {
    title: '无权访问',
    description: '您的账号角色不能使用此功能。如需开通，请联系管理员。',
    back: '返回我的',
  },
  plans: zhPlans,
  manage: {
    links: {
      orgs: '机构管理',
      orgsReadOnly: '机构列表',
      users: '用户管理',
      schoolUsers: '账号管理',
      mentors: '企业导师',
      enterprises: '实习单位',
      hosts: '合作单位名单',
      posts: '岗位管理',
    },
    listEmpty: '暂无记录',
    searchPlaceholder: '输入名称搜索',
    allKinds: '全部',
    allRoles: '全部',
    orgs: {
      create: '新建机构',
      newTitle: '新建机构',
      kind: '机构类型',
      name: '机构名称',
      namePlaceholder: '请输入机构全称',
      division: '行政区划',
      divisionPlaceholder: '请选择所在行政区划',
      creditCode: '统一社会信用代码',
      creditCodePlaceholder: '18 位代码',
      submit: '创建机构',
      created: (name) => `已创建机构：${name}`,
      itemLabel: (kind, division) => `${kind} · ${division}`,
    },
    divisionPicker: {
      title: '选择行政区划',
      searchPlaceholder: '输入名称或 6 位代码',
      empty: '没有匹配的行政区划',
      optionLabel: (name, code) => `${name}（${code}）`,
    },
    orgPicker: {
      title: (kind) => `选择${kind}`,
      searchPlaceholder: '输入机构名称搜索',
      empty: '没有匹配的机构',
    },
    users: {
      create: (what) => `新建${what}`,
      newTitle: (what) => `新建${what}`,
      account: '账号',
      username: '用户名',
      usernamePlaceholder: '登录用，如 zhangsan',
      usernameHint: '3–32 位小写字母、数字或 _ . -',
      displayName: '姓名',
      displayNamePlaceholder: '请输入姓名',
      password: '初始密码',
      passwordPlaceholder: '请设置初始密码',
      role: '角色',
      org: '所属机构',
      orgPlaceholder: '请选择所属机构',
      orgFixed: '所属机构（固定为本单位）',
      noOrgForRole: '平台管理员不属于任何机构',
      phone: '手机号（选填）',
      phonePlaceholder: '11 位手机号码',
      submit: '创建账号',
      created: (username) => `已创建账号：${username}`,
      itemLabel: (role, org) => (org ? `${role} · ${org}` : role),
    },
    enterprises: {
      create: '登记实习单位',
      newTitle: '登记实习单位',
      basics: '基本信息',
      location: '位置与考勤范围',
      safety: '安全与资质',
      name: '单位名称',
      namePlaceholder: '与营业执照一致',
      creditCode: '统一社会信用代码',
      creditCodePlaceholder: '18 位代码',
      division: '所在行政区划',
      industry: '所属行业',
      industryPlaceholder: '如 机械制造',
      address: '详细地址',
      addressPlaceholder: '街道、门牌号',
      lat: '纬度',
      lng: '经度',
      latPlaceholder: '如 31.8673',
      lngPlaceholder: '如 106.7474',
      locate: '使用手机当前位置',
      locating: '定位中…',
      locateFailed: '无法获取当前位置，请手动填写坐标',
      datum: '坐标来源',
      datums: {
        wgs84: '手机定位 WGS-84',
        gcj02: '高德·腾讯地图 GCJ-02',
        bd09: '百度地图 BD-09',
      },
      fenceRadius: '考勤范围半径（米）',
      fenceRadiusHint: '50–5000 米，默认 300 米',
      headcount: '在岗职工人数',
      headcountPlaceholder: '人数',
      bannedVenue: '属于禁止实习场所',
      bannedVenueHint: '酒吧、KTV、洗浴中心、游戏厅、网吧等',
      intermediary: '属于中介或劳务派遣机构',
      intermediaryHint: '中介、劳务派遣或有偿代理',
      violations: '近三年安全生产违法记录',
      violationsHint: '没有记录则不填',
      violationDate: '发生日期',
      violationSummary: '情况摘要',
      violationSummaryPlaceholder: '简要说明违法事实和处理结果',
      addViolation: '添加一条记录',
      removeViolation: (n) => `删除第 ${n} 条记录`,
      violationHeading: (n) => `记录 ${n}`,
      submit: '提交登记',
      created: (name) => `已登记：${name}`,
      existsTitle: '该企业已登记',
      existsText: '平台上已有使用该统一社会信用代码的实习单位，无需重复登记。是否将其加入本校合作单位名单？',
      addToHosts: '加入合作单位名单',
      itemLabel: (creditCode, headcount) => `${creditCode} · 在岗 ${headcount} 人`,
      flagged: '存在禁止性情形',
    },
    hosts: {
      create: '添加合作单位',
      newTitle: '添加合作单位',
      enterprise: '实习单位',
      enterprisePlaceholder: '请选择已登记的实习单位',
      enterprisePickerTitle: '选择实习单位',
      assessedOn: '实地考察日期',
      report: '考察报告',
      reportPlaceholder: '考察情况与结论',
      approvedOn: '学校审批日期',
      submit: '加入名单',
      created: (name) => `已加入合作单位名单：${name}`,
      itemLabel: (assessed, approved) => `考察 ${assessed} · 审批 ${approved}`,
    },
    posts: {
      create: '新增岗位',
      newTitle: '新增岗位',
      name: '岗位名称',
      namePlaceholder: '如 数控车床操作',
      majorCategory: '对应专业大类',
      majorCategoryPlaceholder: '如 装备制造大类',
      headcount: '岗位在岗人数',
      hoursPerDay: '每日工作时长（小时）',
      hoursPerWeek: '每周工作时长（小时）',
      shiftStart: '上班时间',
      shiftEnd: '下班时间',
      worksRestDays: '休息日需要上班',
      labourGrade: '体力劳动强度等级',
      labourGrades: ['Ⅰ级', 'Ⅱ级', 'Ⅲ级', 'Ⅳ级'],
      highRisk: '高风险作业',
      highRisks: {
        heights: '高处',
        underground: '井下',
        radioactive: '放射',
        toxic: '有毒',
        flammable_explosive: '易燃易爆',
      },
      forbiddenForMinors: '未成年人禁止从事',
      forbiddenForWomen: '女性禁止从事',
      restrictions: '岗位限制',
      wage: '同岗位参考工资（元/月）',
      wagePlaceholder: '如 4200.00',
      submit: '保存岗位',
      created: (name) => `已新增岗位：${name}`,
      itemLabel: (p) => `${p.headcount} 人在岗 · ${p.shift} · ${p.hours} · 强度${p.grade} · ${p.wage}`,
      hoursValue: (perDay, perWeek) => `每日 ${perDay} 小时/每周 ${perWeek} 小时`,
      wageValue: (yuan) => `参考工资 ${yuan} 元/月`,
    },
  },
}

// Only one locale exists today; switching will be a matter of choosing here.
export const messages: Messages = zhCN
