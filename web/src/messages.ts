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
    /** A page whose code failed to load (offline), over the page: chunkRetry.ts. */
    chunkError: { title: string; body: string; retry: string; retrying: string }
    /** Document title of a sub page, e.g. "方案 | 护航 · …". */
    pageTitle: (page: string) => string
    /** Name under the icon of the installed app (web app manifest). */
    shortName: string
    /** Description in the web app manifest. */
    description: string
  }
  nav: {
    label: string
    home: string
    plans: string
    placements: string
    alerts: string
    me: string
    duty: string
  }
  home: {
    introHeading: string
    intro: string
    featuresHeading: string
    features: ReadonlyArray<{ title: string; description: string }>
    login: string
  }
  workspace: {
    /** Section name for the document title of the signed-in home. */
    pageTitle: string
    /** Heading with the signed-in user's name, e.g. "张三的工作台". */
    heading: (name: string) => string
    todosHeading: (count: number) => string
    figuresHeading: string
    loadFailed: string
    severity: Readonly<Record<'critical' | 'serious' | 'minor', string>>
    dueIn: (days: number) => string
    dueToday: string
    overdue: (days: number) => string
    dueOn: (date: string) => string
    empty: string
    emptyHint: string
    nextSteps: Readonly<Record<'platform_admin' | 'bureau_auditor' | 'school_admin' | 'teacher' | 'enterprise_admin' | 'enterprise_mentor' | 'student', ReadonlyArray<{ label: string; to: string }>>>
    /** Screen-reader text after a tab's name when it has to-dos. */
    tabBadge: (count: number) => string
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
  verify: typeof zhVerify
  forms: typeof zhForms
  placements: typeof zhPlacements
  studentSup: typeof zhStudentSup
  students: typeof zhStudents
  records: typeof zhRecords
  duty: typeof zhDuty
  inspections: typeof zhInspections
  alerts: typeof zhAlerts
  stats: typeof zhStats
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
      lowestGradeWage: string
      lowestGradeWagePlaceholder: string
      lowestGradeWageHint: string
      abroad: string
      abroadHint: string
      regionCode: string
      regionCodePlaceholder: string
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
      breakMinutes: string
      breakMinutesHint: string
      submit: string
      created: (name: string) => string
      itemLabel: (p: { headcount: number; shift: string; hours: string; grade: string; wage: string }) => string
      hoursValue: (perDay: number, perWeek: number) => string
      wageValue: (yuan: string) => string
    }
  }
  complaints: {
    /** The link to the public form from the brochure and the login page. */
    publicLink: string
    publicLinkHint: string
    form: {
      pageTitle: string
      intro: string
      anonymous: string
      school: string
      schoolNone: string
      schoolHint: string
      schoolsFailed: string
      enterprise: string
      enterprisePlaceholder: string
      enterpriseHint: string
      placementRef: string
      placementRefPlaceholder: string
      content: string
      contentPlaceholder: string
      contact: string
      contactPlaceholder: string
      contactHint: string
      submit: string
      submitting: string
      rateLimited: (wait: string) => string
      doneHeading: string
      doneIntro: (bureauHint: string) => string
      bureauOf: (school: string) => string
      bureauUnknown: string
      reference: string
      code: string
      keepNote: string
      copy: string
      copyText: (reference: string, code: string) => string
      copied: string
      copyFailed: string
      checkStatus: string
      another: string
      statusLink: string
    }
    status: {
      pageTitle: string
      intro: string
      reference: string
      referencePlaceholder: string
      code: string
      codePlaceholder: string
      submit: string
      notFound: string
      rateLimited: (wait: string) => string
      bureau: string
      filedAt: string
      decidedAt: string
      reply: string
      noReply: string
      explain: Readonly<Record<'received' | 'triaging' | 'resolved' | 'dismissed' | 'referred', string>>
      fileNew: string
    }
    statuses: Readonly<Record<'received' | 'triaging' | 'resolved' | 'dismissed' | 'referred', string>>
    list: {
      pageTitle: string
      filterLabel: string
      filters: ReadonlyArray<{ value: string; label: string }>
      empty: string
      emptyFiltered: string
      waiting: (days: number) => string
      about: (school: string, enterprise: string) => string
      aboutNone: string
    }
    detail: {
      pageTitle: string
      content: string
      facts: string
      school: string
      enterprise: string
      enterpriseMatched: (name: string) => string
      placementRef: string
      contact: string
      none: string
      bureau: string
      route: string
      routeBasis: Readonly<Record<'school' | 'enterprise' | 'default', string>>
      filedAt: string
      waiting: (days: number) => string
      startedAt: string
      decision: string
      outcome: string
      outcomes: Readonly<Record<'resolved' | 'dismissed' | 'inspection', string>>
      reply: string
      note: string
      triagedBy: (name: string, at: string) => string
      awaitingFinding: string
      oversightOnly: (bureau: string) => string
      start: string
      startTitle: string
      startText: string
      started: string
      decide: string
    }
    triage: {
      title: string
      intro: string
      outcome: string
      outcomeHints: Readonly<Record<'resolved' | 'dismissed' | 'inspection', string>>
      reply: string
      replyPlaceholder: string
      replyHint: string
      note: string
      notePlaceholder: string
      submit: string
      confirmTitle: (outcome: string) => string
      confirmText: (outcome: string) => string
      confirmButton: string
      done: (outcome: string) => string
    }
    manageLink: string
  }
}


// The plan screens (实习方案审批备案). Their shape is taken from this object,
// so a second locale is checked against it just the same.
const zhPlans = {
  title: '实习方案',
  cosignListTitle: '待会签方案',
  colon: '：',
  /** An exemption granted to the whole plan rather than one host or post. */
  exemptionSubjectPlan: '本方案',
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
    in_progress: '实施中',
    completed: '已完成',
    rejected: '不予备案',
    revoked: '已撤销',
    withdrawn: '已撤回',
  },
  types: { cognitive: '认识实习', post: '岗位实习' } as Record<'cognitive' | 'post', string>,
  covers: { night: '夜班', restday: '休息日、节假日', highrisk: '高风险岗位', overtime: '加班' } as Record<
    'night' | 'restday' | 'highrisk' | 'overtime',
    string
  >,
  effects: { block: '禁止性', override: '可申请豁免', warn: '提示', route: '须转报上级审批' } as Record<
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
    onSiteLegend: '全程驻点指导教师',
    onSiteHint: '境外（含港澳台）实习须有学校指导教师全程驻点（第二十五条）',
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
    listJoin: '、',
    citation: {
      digits: ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'],
      ten: '十',
      article: (n: string) => `第${n}条`,
      item: (n: string) => `第（${n}）项`,
      // What the registry's "local" stands for: the pilot city's own rule.
      local: '巴中市规定',
    },
    failSummary: (n: number, names: string) => `未通过 ${n} 项：${names}`,
    allPassSummary: (n: number) => `${n} 项规则全部通过`,
    passedFold: (n: number) => `已通过 ${n} 项`,
    pendingNote: (n: number) => `${n} 项尚未检查`,
    effectsHint: '“禁止性”须改正后才能继续；“可申请豁免”可在报送时申请豁免；“提示”不阻止报送。',
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
    cosignCheck: '合规情况',
    cosignCheckBad: '方案有未通过的规则：会签前请核对；禁止性规则未通过的方案不能报送备案。',
    cosignCheckGood: '禁止性规则全部通过',
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
    allowed: (subject: string, n: number) => `${subject}：申请允许 ${n} 人`,
    submit: '报送审核',
  },
  // Art 24 ¶2 and Art 25: a host outside the province or abroad.
  crossProvince: {
    heading: '跨省（境外）实习',
    kinds: { province: '实习单位在省外', abroad: '实习单位在境外（含港澳台）' } as Record<'province' | 'abroad', string>,
    intro: '须经学校主管教育行政部门同意，并报省级教育行政部门备案；登记备案后，该方案下的实习方可启动。',
    abroadNote: '境外实习还须指派学校指导教师全程驻点。',
    consented: (at: string) => `主管教育行政部门已于 ${at} 同意`,
    notConsented: '尚未同意',
    filed: (on: string, ref: string) => `已于 ${on} 报省级教育行政部门备案，备案文号 ${ref}`,
    notFiled: '尚未登记省级备案',
    consent: '同意跨省（境外）实习',
    consentTitle: '同意跨省（境外）实习',
    consentLabel: '意见（选填）',
    consentPlaceholder: '如 同意赴外省实习，请学校做好全程管理',
    consentDone: '已同意跨省（境外）实习',
    record: '登记省级备案',
    recordTitle: '登记省级备案',
    filedOn: '备案日期',
    reference: '备案文号',
    referencePlaceholder: '如 川教备〔2026〕12号',
    recordDone: '已登记省级备案',
    onSite: '驻点',
    onSiteSuffix: '（驻点）',
  },
  confirmStep: {
    cosign: {
      title: '确认会签',
      message: '会签即表示本单位同意按此方案接收实习学生，并对方案中本单位的岗位、人数、报酬和保障负责。会签后学校即可报送教育局审核。',
      button: '确认会签',
    },
    decline: {
      title: '确认不同意会签',
      message: '方案将退回学校修改，学校会看到您填写的理由；修改后学校会再次请您会签。',
      button: '确认不同意',
    },
    submit: {
      title: '确认报送审核',
      message: '方案将报送教育局审核备案，审核期间不能修改；如被退回，可按意见修改后重新会签、报送。',
      button: '确认报送',
    },
    approve: {
      title: '确认批准备案',
      message: '批准后方案即完成备案并生成备案号，学校可据此安排学生上岗实习。',
      button: '确认批准',
    },
    return: (n: number) => ({
      title: '确认退回修改',
      message: `方案将连同 ${n} 条修改意见退回学校；学校修改后须重新请企业会签、再报送审核。`,
      button: '确认退回',
    }),
    reject: {
      title: '确认不予备案',
      message: '不予备案后该方案结束，不能再修改或报送；学校如需组织实习须另建方案。',
      button: '确认不予备案',
    },
    revoke: {
      title: '确认撤销备案',
      message: '撤销后该方案的备案失效，不能再据此安排学生上岗；备案号作废，不再重复使用。',
      button: '确认撤销',
    },
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
    deleted: '删除：',
    inserted: '新增：',
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
    exemptionFor: (subject: string, count: number | null) =>
      count === null ? `豁免对象：${subject}` : `豁免对象：${subject}，申请允许 ${count} 人`,
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
    decisionBar: '审核决定',
    revoke: '撤销备案',
    revokeTitle: '撤销备案',
    revokeLabel: '撤销备案的理由',
    revokePlaceholder: '如 实习单位发生安全生产事故，停止实习',
    revoked: '已撤销备案',
    filterCounty: '区县',
    allCounties: '全部区县',
    filterStatus: '状态',
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
      awaiting_cosign: '待企业会签',
      cosigned: '已会签',
      withdrawn: '已撤回',
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
    verifyCaption: '用手机扫描二维码，可查验本方案是否已备案及备案是否有效。',
    verifyCode: (code: string) => `校验码：${code}`,
    verifyQrAlt: (no: string) => `备案查验二维码（备案号 ${no}）`,
  },
}

// The public check of a filing (备案查验), opened from the form's QR code.
const zhVerify = {
  pageTitle: '备案查验',
  intro: '核对实习方案是否已在教育行政部门备案。请输入备案表上的备案号和二维码旁的 8 位校验码。',
  introCode: '请输入备案表上二维码旁印的 8 位校验码（字母和数字，不区分大小写）。',
  loading: '正在查验…',
  verdicts: { filed: '已备案', revoked: '备案已撤销', unknown: '未查到' } as Record<'filed' | 'revoked' | 'unknown', string>,
  filedHint: '该实习方案已在教育行政部门备案。请核对下面的学校、实习单位和实习期间是否与你了解的一致。',
  revokedHint: '教育行政部门已撤销该实习方案的备案，不能再按此方案安排实习。如学生仍在实习，请向学校问明情况，或向下面的教育局反映。',
  unknownHint: '没有与该备案号和校验码相符的备案。可能是备案号或校验码有误，也可能这份备案表不是真的。',
  unknownStepsHeading: '请这样核对：',
  unknownSteps: [
    '用手机重新扫描备案表上的二维码；手动输入的，请逐位核对备案号和校验码。',
    '请学校出示实习方案备案表，或向学校问明备案情况。',
    '仍查不到，请向学校所在地的教育局核实。',
  ] as readonly string[],
  fields: {
    filingNo: '备案号',
    status: '当前状态',
    school: '学校',
    hosts: '实习单位',
    period: '实习期间',
    title: '方案名称',
    type: '实习类型',
    plannedCount: '计划人数',
    bureau: '备案机关',
    approvedOn: '备案日期',
  },
  plannedCount: (n: number) => `${n} 人`,
  unstated: '未注明',
  form: {
    filingNo: '备案号',
    filingNoPlaceholder: '如 511921-2026-0001',
    code: '校验码',
    codePlaceholder: '8 位，如 ABCD2345',
    codeInvalid: '校验码为 8 位，由字母 A–Z 和数字 2–7 组成，请核对',
    submit: '查验',
  },
  retry: '重试',
  privacy: '本页只显示方案的备案信息，不含任何学生的个人信息。',
  complaint: '发现实习中的违规行为？我要投诉',
}

// The student roster screens (学生名单, 添加学生, 批量导入).
const zhStudents = {
  title: '学生名单',
  create: '添加学生',
  import: '批量导入',
  searchLabel: '搜索学生',
  searchPlaceholder: '姓名、学号或完整身份证号',
  classFilter: '班级',
  allClasses: '全部班级',
  empty: '暂无学生，可添加学生或批量导入',
  emptyReadOnly: '暂无学生',
  emptyFiltered: '没有符合条件的学生',
  itemMeta: (studentNo: string, className: string) => `学号 ${studentNo} · ${className}`,
  idLine: (id: string) => `身份证号 ${id}`,
  guardianLine: (parts: readonly string[]) => `监护人 ${parts.join(' ')}`,
  phoneLine: (phone: string) => `手机 ${phone}`,
  genderAge: (gender: string, age: number) => `${gender} · ${age} 岁`,
  minor: '未成年',
  hasAccount: '已开通账号',
  genders: { male: '男', female: '女' } as Record<'male' | 'female', string>,
  fields: {
    student_no: '学号',
    name: '姓名',
    id_number: '身份证号',
    gender: '性别',
    birth_date: '出生日期',
    age: '年龄',
    major: '专业',
    major_category: '专业大类',
    enrolled_on: '入学日期',
    class_name: '班级',
    phone: '手机号',
    guardian_name: '监护人姓名',
    guardian_phone: '监护人手机号',
    school: '学校',
  },
  ageValue: (age: number) => `${age} 岁`,
  form: {
    newTitle: '添加学生',
    editTitle: '修改学生信息',
    basics: '基本信息',
    study: '学籍信息',
    guardian: '监护人',
    studentNoPlaceholder: '如 2024010101',
    namePlaceholder: '与身份证一致',
    idNumberPlaceholder: '18 位身份证号',
    idNumberHint: '性别和出生日期由身份证号自动得出',
    idFacts: (gender: string, birthDate: string, age: number) => `${gender} · 出生日期 ${birthDate} · ${age} 岁`,
    idReenter: '请重新输入完整身份证号',
    phoneOptional: '手机号（选填）',
    phonePlaceholder: '11 位手机号码',
    majorPlaceholder: '如 数控技术应用',
    majorCategoryPlaceholder: '如 装备制造大类',
    classNamePlaceholder: '如 2024级数控1班',
    guardianNamePlaceholder: '请输入监护人姓名',
    guardianPhonePlaceholder: '11 位手机号码',
    guardianOptional: (label: string) => `${label}（选填）`,
    guardianHint: '未满 18 周岁的学生必须填写监护人姓名和手机号',
    guardianMinor: (age: number) => `该学生 ${age} 岁，未满 18 周岁，必须填写监护人`,
    submit: '保存',
    created: (name: string) => `已添加学生：${name}`,
    saved: '学生信息已保存',
    idNumberFormat: '身份证号应为 18 位：17 位数字加 1 位数字或 X',
    idNumberDivision: '身份证号前 6 位不是有效的行政区划代码',
    idNumberBirthDate: '身份证号第 7–14 位的出生日期不是有效日期',
    idNumberFuture: '身份证号中的出生日期晚于今天',
    idNumberChecksum: '身份证号校验位不正确，请核对',
    guardianRequired: (label: string) => `学生未满 18 周岁，请填写${label}`,
    enrolledBeforeBirth: '入学日期不能早于出生日期',
  },
  detail: {
    title: '学生信息',
    edit: '修改信息',
    idFullNote: '已记录查看',
    idFullHint: '完整身份证号仅向本校管理员显示，每次查看都记入审计日志。',
    idMaskedHint: '已隐去中间部分',
    contactHeading: '联系方式',
    contactMaskedHint: '学生及监护人的联系方式已部分隐去',
    revealContact: '查看完整信息',
    contactFullNote: '已记录查看',
    contactFullHint: '完整联系方式每次查看都记入审计日志。',
    empty: '未填写',
    updatedAt: '更新时间',
    account: '登录账号',
    accountNone: '尚未开通',
    openAccount: '开通账号',
  },
  account: {
    title: '开通学生账号',
    intro: '学生用此账号登录护航，查看实习安排、签署协议、填写实习日志。',
    username: '用户名',
    usernamePlaceholder: '登录用，如学号',
    usernameHint: '3–32 位小写字母、数字或 _ . -',
    password: '初始密码',
    passwordPlaceholder: '请设置初始密码',
    submit: '开通账号',
    done: (username: string) => `已开通账号：${username}`,
  },
  importPage: {
    title: '批量导入学生',
    templateHeading: '下载模板',
    templateText: '按模板填写后上传。Excel 模板的身份证号列已设为文本格式。',
    downloadXlsx: '下载 Excel 模板',
    downloadCsv: '下载 CSV 模板',
    templateFiles: { xlsx: '学生名单导入模板.xlsx', csv: '学生名单导入模板.csv' } as Record<'xlsx' | 'csv', string>,
    columnsHeading: '填写说明',
    requiredColumns: '必填列',
    optionalColumns: '选填列',
    columnList: (names: readonly string[]) => names.join('、'),
    notes: [
      '未满 18 周岁的学生须填写监护人姓名和监护人手机号。',
      '在 Excel 中，身份证号列须设为“文本”格式，否则末几位会变成 0 或显示成科学计数法。',
      '日期写作 2024-09-01 的形式。',
      '名单中已有的学生按文件内容更新，其余的新增。',
      '文件中全部内容正确才会导入；有任何一处错误，整个文件都不导入，请按提示修改后重新上传。',
    ] as readonly string[],
    fileHeading: '上传文件',
    fileHint: '.csv 或 .xlsx 文件，不超过 10 MB',
    chooseFile: '选择文件',
    changeFile: '重新选择',
    fileChosen: (name: string, size: string) => `${name}（${size}）`,
    sizeKB: (kb: string) => `${kb} KB`,
    sizeMB: (mb: string) => `${mb} MB`,
    noFile: '请先选择要导入的文件',
    wrongType: '只能导入 .csv 或 .xlsx 文件',
    tooLarge: '文件超过 10 MB，请拆分成几个文件分批导入',
    submit: '开始导入',
    submitting: '导入中…',
    successTitle: '导入成功',
    successText: (created: number, updated: number) => `新增 ${created} 人，更新 ${updated} 人`,
    toList: '查看学生名单',
    failedTitle: '导入失败，未导入任何学生',
    failedSummary: (rows: number, problems: number) => `${rows} 行共 ${problems} 处问题，请修改文件后重新上传。`,
    tableCaption: '问题清单（按行排列）',
    colRow: '行',
    colColumn: '列',
    colMessage: '问题',
  },
  /** The columns of the import template, required ones first, in file order. */
  importColumns: ['学号', '姓名', '身份证号', '专业', '专业大类', '入学日期', '班级', '手机号', '监护人姓名', '监护人手机号'] as readonly string[],
  requiredColumnCount: 7,
}

// The placement screens (实习安排). Their shape is taken from this object,
// like the plan screens'.
// Student logs and report, leave and lodging, assessment and the archive
// check (joint supervision, Art 21, 24, 27, 29).
const zhStudentSup = {
  links: {
    heading: '实习过程',
    logs: '实习日志与报告',
    leaves: '请假与校外住宿',
    assessment: '实习考核',
    archive: '实习档案检查',
  },
  logs: {
    title: '实习日志',
    frequency: { daily: '本校要求每天填写实习日志', weekly: '本校要求每周填写实习周志' } as Record<string, string>,
    kinds: { daily: '日志', weekly: '周志', report: '实习报告' } as Record<string, string>,
    statuses: { submitted: '待批阅', reviewed: '已批阅' } as Record<string, string>,
    sides: { school: '指导教师', enterprise: '企业导师' } as Record<string, string>,
    write: '写日志',
    writeReport: '写实习报告',
    sheetTitle: '填写实习日志',
    reportSheetTitle: '填写实习报告',
    content: '内容',
    contentPlaceholder: '本期做了什么、学到了什么、遇到的问题',
    reportPlaceholder: '实习的岗位与任务、收获、不足与建议',
    day: '日期（本期任意一天）',
    submit: '提交',
    saved: '已提交，等待指导教师和企业导师批阅',
    empty: '还没有日志',
    period: (kind: string, start: string) => (kind === 'weekly' ? `${start} 起一周` : kind === 'report' ? '整个实习期' : start),
    review: '批阅',
    reviewTitle: '批阅日志',
    comment: '评语',
    commentPlaceholder: '写给学生的评语',
    score: '评分（0–100）',
    reviewSubmit: '提交批阅',
    reviewed: '已批阅',
    reviewConfirm: (score: number) => `确认提交批阅？评分 ${score} 分，提交后不能修改。`,
    reviewLine: (who: string, name: string, score: number) => `${who} ${name} · ${score} 分`,
    awaiting: (who: string) => `待${who}批阅`,
    art21: '依据《职业学校学生实习管理规定》第二十一条：学生应当按规定撰写实习日志、实习报告，由学校和实习单位共同批阅。',
  },
  leaves: {
    title: '请假与校外住宿',
    detailTitle: '请假详情',
    kinds: { leave: '请假', lodging: '校外住宿' } as Record<string, string>,
    statuses: {
      requested: '待审批',
      approved: '已批准',
      rejected: '未批准',
      awaiting_filing: '待学校备案',
      filed: '已备案',
      returned: '已销假',
      withdrawn: '已撤回',
    } as Record<string, string>,
    ask: '申请请假',
    askLodging: '申请校外住宿',
    sheetTitle: '请假申请',
    lodgingSheetTitle: '校外住宿申请',
    kind: '类型',
    startsAt: '开始时间',
    endsAt: '结束时间',
    reason: '事由',
    reasonPlaceholder: '请写明请假原因',
    lodgingReasonPlaceholder: '为什么需要在校外住宿',
    address: '住宿地址',
    addressLine: (a: string) => `住宿地址：${a}`,
    rejectConfirmText: (name: string) => `确认不批准${name}的申请？学生会看到你填写的理由。`,
    guardianForm: '监护人签字的申请表',
    guardianHint: '拍照或扫描家长（监护人）签字的校外住宿申请表，PDF、JPG 或 PNG，不超过 10 MB',
    submit: '提交申请',
    saved: '已提交，等待审批',
    empty: '还没有请假记录',
    needsMentor: '占用工作日，须指导教师和企业导师审批',
    instructorOnly: '由学校指导教师审批',
    approvals: '审批',
    instructorApproved: '指导教师已批准',
    mentorApproved: '企业导师已批准',
    filed: '学校已备案',
    returnedAt: '已销假',
    rejectReason: (r: string) => `未批准：${r}`,
    approve: '批准',
    reject: '不批准',
    rejectTitle: '不批准的理由',
    rejectPlaceholder: '告诉学生为什么不批准',
    confirmReject: '确认不批准',
    returnConfirm: '确认销假',
    file: '学校备案',
    approveConfirm: (name: string) => `确认批准${name}的申请？`,
    returnConfirmText: (name: string) => `确认${name}已返回岗位（宿舍），销假后本次请假结束。`,
    fileConfirm: (name: string) => `确认为${name}的校外住宿备案？已核对监护人签字的申请表，备案后即生效。`,
    withdraw: '撤回申请',
    withdrawConfirm: '确认撤回这次申请？撤回后审批作废，如仍需请假请重新申请。',
    done: '已完成',
    permitted: '已生效',
    notPermitted: '尚未生效',
    art24: '依据第二十四条：学校建立请销假制度；学生在校外住宿须经监护人签字同意，并由学校备案。',
    guardianFile: '监护人签字的申请表已上传',
    when: (from: string, to: string) => `${from} 至 ${to}`,
  },
  assessment: {
    title: '实习考核',
    statuses: { open: '评定中', finalized: '已定成绩' } as Record<string, string>,
    grades: { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' } as Record<string, string>,
    evidence: '过程材料',
    logs: (n: number, reviewed: number) => `实习日志 ${n} 篇，已批阅 ${reviewed} 篇`,
    logAverage: (v: string) => `日志平均分 ${v}`,
    report: (has: boolean) => (has ? '实习报告已提交' : '实习报告未提交'),
    talks: (n: number) => `双方签认的谈心、评价记录 ${n} 份`,
    patrol: (present: number, absent: number) => `巡查在岗 ${present} 次，缺勤 ${absent} 次`,
    leaves: (n: number) => `请假（含校外住宿）获批 ${n} 次`,
    beyondAttendance: '过程材料不只是出勤，符合第二十七条的要求（确定成绩还须双方评价齐全、实习已结束）',
    attendanceOnly: '目前只有出勤情况：须有经批阅的日志、报告，或双方签认的谈心、评价记录，才能确定成绩',
    weights: (process: number, mentor: number) => `本校权重：过程 ${process}%、结果 ${100 - process}%；结果中企业导师 ${mentor}%、指导教师 ${100 - mentor}%`,
    mentorPart: '企业导师评价',
    instructorPart: '指导教师评价',
    processScore: '过程考核分（0–100）',
    resultScore: '结果考核分（0–100）',
    comment: '考核评语',
    partLine: (p: number | null | undefined, r: number | null | undefined) => `过程 ${p ?? '—'} 分 · 结果 ${r ?? '—'} 分`,
    notWritten: '尚未填写',
    write: '填写我的评价',
    edit: '修改我的评价',
    save: '保存评价',
    saved: '评价已保存',
    finalize: '确定成绩',
    finalizeConfirm: '确定成绩后双方评价不能再修改。确认按本校权重计算并确定成绩？',
    finalized: '成绩已确定',
    final: (score: number, grade: string) => `总评 ${score} 分 · ${grade}`,
    parts: (process: number | null | undefined, result: number | null | undefined) => `过程 ${process ?? '—'} 分，结果 ${result ?? '—'} 分`,
    blocked: '还不能确定成绩',
    art27: '依据第二十七条：实习考核应当坚持过程与结果相结合，由学校和实习单位共同评定，不得仅以出勤作为考核依据。',
  },
  archive: {
    title: '实习档案检查',
    intro: '依据第二十九条，学校应将每名学生的实习材料归档。下表列出已开展实习的学生的各项材料。',
    complete: '全部材料齐全',
    incomplete: (n: number) => `${n} 名学生的材料不全`,
    missing: (items: string[]) => `缺少：${items.join('、')}`,
    missingCount: (n: number) => `缺 ${n} 项`,
    allPresent: '材料齐全',
    empty: '该方案下还没有开始实习的学生',
    present: '有',
    absent: '缺',
  },
}

const zhPlacements = {
  title: '实习安排',
  listSeparator: '、',
  statuses: {
    proposed: '待企业确认',
    confirmed: '已确认',
    declined: '企业已拒绝',
    ready: '待上岗',
    active: '实习中',
    completed: '已完成',
    terminated: '已终止',
    transferred: '已转岗',
    withdrawn: '学校已撤回',
  } as Record<'proposed' | 'confirmed' | 'declined' | 'ready' | 'active' | 'completed' | 'terminated' | 'transferred' | 'withdrawn', string>,
  statusFilter: '按状态筛选',
  chipAll: (n: number) => `全部 ${n}`,
  chipStatus: (name: string, n: number) => `${name} ${n}`,
  blocking: (n: number) => `还差 ${n} 项`,
  gatesDone: '上岗条件已齐备',
  period: (from: string, to: string) => `${from} 至 ${to}`,
  postLine: (enterprise: string, post: string) => `${post} · ${enterprise}`,
  studentLine: (className: string, no: string) => `${className} · 学号 ${no}`,
  listEmpty: '暂无实习安排',
  truncated: '记录较多，只显示了前面的一部分',
  age: (n: number) => `${n} 岁`,
  genders: { male: '男', female: '女' } as Record<'male' | 'female', string>,
  // Open reports of fees, deposits, guarantees or withheld IDs (Art 20).
  openFees: {
    heading: (n: number) => `${n} 项收费举报尚未处理`,
    intro: '不得向学生收取费用、押金，不得要求担保或扣押身份证件（第二十条）。请核实并退还、整改后登记处理结果。',
    item: (name: string, kind: string) => `${name}：${kind}`,
    cardTag: '收费举报未处理',
  },
  // The school's board, per plan.
  board: {
    plansIntro: '选择一个已备案或实施中的实习方案，安排学生并跟进上岗材料。',
    openFromPlan: '实习安排',
    plansEmpty: '没有已备案或实施中的实习方案',
    propose: '安排学生',
    planPeriod: (from: string, to: string) => `实习期 ${from} 至 ${to}`,
    empty: '该方案还没有安排学生',
    emptyFiltered: '没有该状态的实习安排',
  },
  // Bulk proposal of students to one post of a plan.
  propose: {
    title: '安排学生',
    planNotOpen: (status: string) => `方案当前状态为“${status}”，不能安排学生；只有已备案或实施中的方案可以安排。`,
    post: '实习岗位',
    postHint: '所选学生都安排到这个岗位，提交后由实习单位确认。',
    postOption: (post: string, enterprise: string, count: number) => `${post} · ${enterprise}（计划 ${count} 人）`,
    students: '选择学生',
    searchLabel: '搜索学生',
    searchPlaceholder: '输入姓名、学号或班级',
    selected: (n: number) => `已选 ${n} 人`,
    clear: '清空已选',
    studentMeta: (className: string, no: string, age: number) => `${className} · 学号 ${no} · ${age} 岁`,
    alreadyPlaced: (status: string) => `已安排（${status}）`,
    noStudents: '没有匹配的学生',
    submit: (n: number) => `提交安排（${n} 人）`,
    submitNone: '提交安排',
    noPost: '请选择实习岗位',
    noSelection: '请至少选择一名学生',
    resultsHeading: '提交结果',
    resultsSummary: (ok: number, failed: number) => `成功 ${ok} 人，未通过 ${failed} 人`,
    ok: '已提交，等待实习单位确认',
    toBoard: '查看实习安排',
  },
  // One item of a bulk answer.
  outcome: {
    ok: '成功',
    failed: '未通过',
    rule: (rule: string, title: string) => (title ? `${rule} ${title}` : rule),
  },
  // The enterprise's inbox.
  inbox: {
    title: '实习安排',
    tabs: { proposed: '待确认', active: '实习中', all: '全部' } as Record<'proposed' | 'active' | 'all', string>,
    intro: '学校提交的实习学生名单，请逐一核对后确认接收或拒绝。',
    empty: '没有待确认的学生',
    selectAll: '全选',
    selected: (n: number) => `已选 ${n} 人`,
    select: (name: string) => `选择 ${name}`,
    view: '详情',
    viewLabel: (name: string) => `详情 ${name}`,
    confirm: (n: number) => `确认接收（${n}）`,
    decline: (n: number) => `拒绝（${n}）`,
    noSelection: '请先选择学生',
    declineTitle: '拒绝接收',
    declineLabel: '拒绝理由',
    declinePlaceholder: '如 岗位已满，请安排到其他岗位',
    declineIntro: (n: number) => `拒绝接收已选的 ${n} 名学生，学校将看到理由。`,
    resultsHeading: '处理结果',
    resultsSummary: (ok: number, failed: number) => `成功 ${ok} 人，未通过 ${failed} 人`,
    confirmedOk: '已确认接收',
    declinedOk: '已拒绝',
    schoolLine: (school: string, plan: string) => `${school} · ${plan}`,
  },
  // The student's own page.
  mine: {
    title: '我的实习',
    empty: '你还没有实习安排',
    emptyText: '学校安排实习后，会在这里看到实习单位、岗位和需要准备的材料。',
    missingHeading: '还需要完成',
    missingNone: '上岗材料已经齐全，等待学校确认上岗。',
    signConsent: '签署知情同意书',
    updateConsent: '修改知情同意书',
    viewDetail: '查看详情',
    mentors: (instructor: string, mentor: string) => `指导教师：${instructor}；企业导师：${mentor}`,
    plain: {
      'R-CONSENT': '知情同意书须由你和监护人签字，上传扫描件后由学校核对确认。',
      'R-AGREEMENT': '学校、实习单位和你的三方实习协议还没有签好。',
      'R-INSURANCE': '实习责任保险还没有办好（保费不应由你缴纳）。',
      'R-TRAINING': '你还没有通过上岗前的安全培训考核。',
      'R-MENTORS': '学校还没有为你安排指导教师和企业导师。',
      'R-FILED': '实习方案还没有通过教育局备案。',
      'R-AGE16': '岗位实习要求年满 16 周岁。',
      'R-FEES': '有关于收费、押金、担保或扣押证件的举报正在处理。任何单位都不得向你收费、要求担保或扣押你的证件。',
    } as Record<string, string>,
  },
  // The detail page.
  detail: {
    title: '实习安排详情',
    student: '学生',
    post: '实习岗位',
    plan: '实习方案',
    period: '实习期间',
    school: '学校',
    instructor: '指导教师',
    mentor: '企业导师',
    notAssigned: '未安排',
    declineReason: (reason: string) => `企业拒绝理由：${reason}`,
    endReason: (reason: string) => `终止原因：${reason}`,
    withdrawReason: (reason: string) => `撤回原因：${reason}`,
    transferredTo: '查看转岗后的安排',
    transferredFrom: '查看转岗前的安排',
    gatesHeading: '上岗条件',
    gatesSummary: (passed: number, total: number) => `${total} 项条件，已满足 ${passed} 项`,
    gatesBlocking: (n: number) => `还差 ${n} 项，全部满足后才能上岗`,
    gatesAllPass: '全部满足，可以确认上岗',
    gatesAllPassStudent: '全部满足，等待学校确认上岗',
    fix: '去填写',
    fixLabel: (title: string) => `去填写：${title}`,
    confirmGate: '去确认',
    confirmGateLabel: (title: string) => `去确认：${title}`,
    violationsIntro: (n: number) => `以下 ${n} 项规则未通过：`,
    // Activation.
    activate: '确认上岗',
    activated: '已确认上岗，学生进入实习',
    activateFailedHeading: '还不能上岗',
    activateFailedIntro: (n: number) => `以下 ${n} 项上岗条件未满足：`,
    // The enterprise's answer.
    confirm: '确认接收',
    confirmed: '已确认接收',
    confirmFailedHeading: '不能确认接收',
    decline: '拒绝接收',
    declined: '已拒绝接收',
    // Ending.
    terminate: '终止实习',
    terminateTitle: '终止实习',
    terminateLabel: '终止原因',
    terminatePlaceholder: '如 学生因病休学',
    terminateConfirm: (name: string) => `确定终止${name}的实习吗？终止后不能恢复。`,
    terminated: '实习已终止',
    withdraw: '撤回安排',
    withdrawTitle: '撤回实习安排',
    withdrawLabel: '撤回原因',
    withdrawPlaceholder: '如 安排有误，改派其他学生',
    withdrawConfirm: (name: string) => `确定撤回${name}的实习安排吗？`,
    withdrawn: '实习安排已撤回',
    // The school confirms the consent form's scan (R-CONSENT).
    consentConfirmed: (name: string, at: string) => `学校已确认（${name}，${at}）`,
    consentAwaiting: '待学校核对确认',
    consentNoScan: '未上传签字扫描件',
    consentConfirm: '确认',
    consentConfirmLabel: '核对扫描件后确认知情同意书',
    consentConfirmedToast: '知情同意书已确认',
    transfer: '转岗',
    transferTitle: '转岗',
    transferIntro: '学生转到本方案的另一个岗位：本安排结束为“已转岗”，新安排交实习单位确认。',
    transferPost: '转到岗位',
    transferPostPlaceholder: '请选择岗位',
    transferNoPosts: '本方案没有其他岗位可转',
    transferReason: '转岗原因',
    transferReasonPlaceholder: '如 学生身体原因不宜继续从事原岗位',
    transferConfirm: (name: string, post: string) => `确定将${name}转到“${post}”吗？`,
    transferred: '已转岗，新安排等待实习单位确认',
    // Documents.
    docsHeading: '上岗材料',
    docMissing: '未登记',
    docOnFile: '已登记',
    docUpdated: (name: string, at: string) => `${name} 于 ${at} 登记`,
    docFile: (name: string, size: string) => `附件：${name}（${size}）`,
    openFile: '查看附件',
    fill: (kind: string) => `登记${kind}`,
    edit: (kind: string) => `修改${kind}`,
    fillShort: '登记',
    editShort: '修改',
    // Mentors.
    mentorsHeading: '指导人员',
    assignMentors: '安排指导人员',
    assignMentor: '安排企业导师',
    // Pay and fees.
    payHeading: '实习报酬',
    payEmpty: '还没有工资发放记录',
    recordPay: '登记工资',
    feesHeading: '收费举报',
    feesEmpty: '没有收费、押金、担保或扣押证件的举报',
    feeKinds: { fee: '收费', deposit: '押金', guarantee: '担保', withheld_id: '扣押身份证' } as Record<
      'fee' | 'deposit' | 'guarantee' | 'withheld_id',
      string
    >,
    feeOpen: '未处理',
    feeResolved: (at: string) => `已于 ${at} 处理`,
    feeAmount: (yuan: string) => `金额 ${yuan} 元`,
    feeReported: (name: string, at: string) => `${name} 于 ${at} 报告`,
    feeResolution: (text: string) => `处理结果：${text}`,
  },
  docs: {
    kinds: {
      agreement: '三方协议',
      consent: '知情同意书',
      training: '安全培训',
      insurance: '实习责任保险',
    } as Record<'agreement' | 'consent' | 'training' | 'insurance', string>,
    sheetTitle: (kind: string) => `登记${kind}`,
    fields: {
      agreementSignedOn: '签订日期',
      signers: '已签字的各方',
      studentName: '学生姓名',
      guardianName: '监护人姓名',
      consentSignedOn: '签署日期',
      trainedOn: '培训日期',
      result: '考核结果',
      hours: '培训学时（选填）',
      hoursFact: '培训学时',
      insurer: '保险公司',
      policyNo: '保单号',
      coversFrom: '保障开始日期',
      coversTo: '保障结束日期',
      coverage: '保障期',
      payer: '投保方（缴费方）',
      payerFact: '投保方',
      file: '附件（选填）',
    },
    signers: { school: '学校', enterprise: '企业', student: '学生', guardian: '监护人' } as Record<
      'school' | 'enterprise' | 'student' | 'guardian',
      string
    >,
    signersHint: '学校、企业和学生三方签字后协议方可生效；学生未成年时请监护人一并签字。',
    payers: { school: '学校', enterprise: '企业' } as Record<'school' | 'enterprise', string>,
    payerHint: '保费不得由学生缴纳。',
    passed: '合格',
    failed: '不合格',
    consentIntro: '请与监护人一起阅读实习安排，确认同意后在纸质知情同意书上分别签名，拍照或扫描上传，并填写签署日期。上传后由学校核对确认。',
    consentFile: '签字的知情同意书扫描件',
    consentFileMissing: '请上传签字的知情同意书扫描件',
    consentStudentHint: '须为本人姓名',
    guardianPlaceholder: '父母或其他监护人的姓名',
    insurerPlaceholder: '如 中国人寿财产保险股份有限公司',
    policyNoPlaceholder: '保单上的编号',
    periodHint: (from: string, to: string) => `保障期须覆盖实习期 ${from} 至 ${to} 的每一天`,
    coverageGap: (from: string, to: string) => `保障期没有覆盖实习期 ${from} 至 ${to}，保存后“实习责任保险”一项仍不满足`,
    coversEndBeforeStart: '保障结束日期不能早于开始日期',
    fileHint: 'PDF、JPG 或 PNG，不超过 10 MB',
    chooseFile: '选择文件',
    fileChosen: (name: string, size: string) => `${name}（${size}）`,
    changeFile: '更换文件',
    removeFile: '移除附件',
    uploading: '上传中…',
    keepFile: (name: string) => `保留原附件：${name}`,
    save: '保存',
    saved: (kind: string) => `${kind}已保存`,
  },
  upload: {
    empty: '文件是空的，请重新选择',
    type: '只能上传 PDF、JPG 或 PNG 文件',
    size: '文件超过 10 MB，请压缩后再上传',
  },
  mentors: {
    title: '安排指导人员',
    instructor: '学校指导教师',
    instructorPlaceholder: '请选择教师',
    mentor: '企业导师',
    mentorPlaceholder: '请选择企业导师',
    noTeachers: '本校还没有教师账号',
    noMentors: '实习单位还没有企业导师账号',
    loadFailed: '名单加载失败，请关闭后重试',
    save: '保存',
    saved: '指导人员已安排',
    chooseOne: '请至少选择一位指导人员',
  },
  pay: {
    title: '登记工资',
    month: '工资月份',
    monthFormat: '月份格式应为 年-月（如 2026-03）',
    amount: '实发金额（元）',
    amountPlaceholder: '如 3200 或 3200.50',
    paidOn: '发放日期',
    method: '发放方式',
    methods: { bank_transfer: '银行转账', mobile_payment: '移动支付', cash: '现金', in_kind: '实物' } as Record<
      'bank_transfer' | 'mobile_payment' | 'cash' | 'in_kind',
      string
    >,
    floorHint: (yuan: string) => `按规定不得低于 ${yuan} 元（同岗位工资的 80% 或本单位最低档工资标准，取其一），且须以货币形式发放`,
    save: '保存',
    monthLine: (month: string) => `${month} 工资`,
    amountLine: (yuan: string) => `${yuan} 元`,
    paidLine: (date: string, method: string) => `${date} 发放 · ${method}`,
    compliant: '符合规定',
    nonCompliant: '不符合规定',
    requiredLine: (yuan: string) => `应不低于 ${yuan} 元`,
    shortfall: (yuan: string) => `差 ${yuan} 元`,
    resultOkTitle: '已登记，报酬符合规定',
    resultOkText: (amount: string, required: string) =>
      `实发 ${amount} 元，达到第十八条的报酬标准（不低于同岗位工资的 80% 或本单位最低档工资标准，至少 ${required} 元）。`,
    resultBadTitle: '已登记，但报酬不符合规定',
    resultBadText: (amount: string, required: string, short: string) =>
      `实发 ${amount} 元，既低于同岗位工资的 80%，也低于本单位最低档工资标准（至少 ${required} 元），差 ${short} 元。已记录备查。`,
    recordedBy: (name: string) => `登记人：${name}`,
    // Correcting a month already recorded.
    monthRecorded: (month: string) => `${month} 的工资已登记，如有错误请关闭后点该月记录上的“更正”`,
    correct: '更正',
    correctLabel: (month: string) => `更正 ${month} 工资`,
    correctTitle: '更正工资',
    monthFixed: '更正时不能修改月份',
    corrected: '已更正',
    correctedBy: (name: string, at: string) => `${name} 于 ${at} 更正`,
    correctedOkTitle: '已更正，报酬符合规定',
    correctedBadTitle: '已更正，但报酬不符合规定',
  },
  // The enterprise's 本月工资 sheet: one month's pay for every intern at once.
  paySheet: {
    title: '本月工资',
    open: '本月工资',
    openLabel: '本月工资：一次登记所有实习学生的工资',
    intro: '每月为所有在岗实习学生登记一次实发工资。报酬低于第十八条标准的会如实记录并标出，不会被拒绝。',
    month: '工资月份',
    missingSummary: (people: number, months: number) => `${people} 名学生共有 ${months} 个月的工资还未登记`,
    missing: (n: number) => `缺 ${n} 个月`,
    missingMonths: (months: string) => `未登记：${months}`,
    floor: (yuan: string) => `不得低于 ${yuan} 元`,
    noFloor: '本单位未申报岗位工资或最低档工资标准',
    recorded: (yuan: string) => `本月已登记 ${yuan} 元，保存将更正`,
    outOfPeriod: '该月不在实习期内，不能登记',
    amount: (name: string) => `${name} 实发金额（元）`,
    method: (name: string) => `${name} 发放方式`,
    paidOn: (name: string) => `${name} 发放日期`,
    chooseMethod: '请选择',
    save: '保存',
    saveCount: (n: number) => `保存（${n} 人）`,
    nothingFilled: '请至少填写一名学生的实发金额',
    fixRows: '有填写错误，请按提示修改后再保存',
    empty: '没有实习中的学生',
    emptyText: '学生上岗后，会出现在这张工资表中。',
    summary: (created: number, corrected: number, failed: number, flagged: number) =>
      `新登记 ${created} 人，更正 ${corrected} 人，未保存 ${failed} 人；其中 ${flagged} 人低于规定标准`,
    created: '已登记',
    corrected: '已更正',
    refused: '未保存',
    compliant: '符合规定',
    flagged: '低于规定标准，已记录备查',
    resultsHeading: '保存结果',
  },
  // The student's consent page (知情同意书, Art 9).
  consent: {
    title: '知情同意书',
    open: '阅读并签署知情同意书',
    heading: '学生实习知情同意书',
    intro: '请你和监护人（家长）一起阅读以下内容。同意后在纸质同意书上分别签名，拍照或扫描上传。',
    facts: '实习安排',
    school: '学校',
    host: '实习单位',
    post: '实习岗位',
    period: '实习时间',
    hours: '工作时间',
    hoursText: '每天不超过 8 小时，每周不超过 40 小时；不安排加班，不安排夜班（第十七条）。',
    pay: '实习报酬',
    payText: '不低于本单位相同岗位工资的 80% 或最低档工资标准，按月以货币形式足额支付给本人（第十八条）。',
    insurance: '实习责任保险',
    insuranceText: (insurer: string, policy: string) => `已投保：${insurer}，保单号 ${policy}；保费不由学生承担（第三十五条）。`,
    insurancePending: '由学校或实习单位投保实习责任保险，覆盖整个实习期，保费不由学生承担（第三十五条）。',
    safety: '安全与权益',
    safetyText:
      '上岗前接受安全培训（第三十一条）；不安排高风险岗位（第十七条）；任何单位不得向学生收取费用、押金或要求担保，不得扣押身份证件（第二十条）。遇到问题可向学校、指导教师或教育局反映。',
    content: '实习内容',
    contentText: (post: string) => `在“${post}”岗位跟岗学习，由学校指导教师和企业导师共同指导。`,
    agree:
      '本人及监护人已知悉上述实习的内容、单位、岗位、时间、报酬、保险与安全要求，同意参加本次实习。（《职业学校学生实习管理规定》第九条）',
    signLines: ['学生签名：', '监护人签名：', '签署日期：'],
    status: '当前状态',
    notUploaded: '还没有上传签字的同意书',
    uploaded: (name: string) => `已上传：${name}，等待学校核对确认`,
    confirmed: (by: string) => `学校已确认（${by}）`,
    schoolConfirms: '上传后由学校核对扫描件并确认，确认后这一项才算完成。',
    upload: '上传签字的同意书',
    reupload: '重新上传',
    notFound: '没有找到这条实习安排',
  },
  // Read-only lists (teachers, mentors, bureau auditors).
  list: {
    title: '实习安排',
    intro: '与您相关的实习安排（只读）。',
    // Narrowed to one school from the dashboard.
    schoolIntro: (school: string) => `${school}的实习安排（只读）。`,
    schoolUnknown: '所选学校',
    showAll: '查看全部学校',
  },
}

// Joint supervision on a placement (协作共管, domain.md §5.3): records both
// sides write and countersign, the daily patrol of a duty site, incidents.
const zhRecords = {
  kinds: { patrol: '日常巡查', talk: '谈心谈话', evaluation: '阶段评价', incident: '突发事件' } as Record<
    'patrol' | 'talk' | 'evaluation' | 'incident',
    string
  >,
  statuses: {
    awaiting_countersign: '待会签',
    countersigned: '已会签',
    disputed: '有异议',
    reported: '待学校确认',
    acknowledged: '学校已确认',
    closed: '已处置完毕',
  } as Record<'awaiting_countersign' | 'countersigned' | 'disputed' | 'reported' | 'acknowledged' | 'closed', string>,
  sides: { school: '学校', enterprise: '企业', student: '学生' } as Record<'school' | 'enterprise' | 'student', string>,
  incidentKinds: {
    injury: '人身伤害',
    missing: '失联',
    abuse: '侮辱殴打等侵害',
    unpaid: '拖欠报酬',
    other: '其他',
  } as Record<'injury' | 'missing' | 'abuse' | 'unpaid' | 'other', string>,
  presence: { present: '在岗', absent: '缺勤', concern: '需关注' } as Record<'present' | 'absent' | 'concern', string>,
  author: (name: string, side: string) => `${name}（${side}）`,
  labelled: (label: string, value: string) => `${label}：${value}`,
  occurred: (at: string) => `发生于 ${at}`,
  countersignedBy: (name: string, at: string) => `${name} 于 ${at} 会签`,
  disputedBy: (name: string, reason: string) => `${name} 提出异议：${reason}`,
  photo: '查看现场照片',
  list: {
    title: '共管记录',
    openIncidents: (n: number) => `${n} 起突发事件尚未处置完毕`,
    empty: '还没有共管记录',
    emptyText: '指导教师与企业导师共同记录巡查、谈心和评价，另一方会签。',
    write: '写记录',
    report: '报告突发事件',
    filterAll: '全部',
    more: '加载更多',
    placementLink: '共管记录与突发事件',
    placementLinkHint: '巡查、谈心、评价与突发事件',
  },
  form: {
    title: '写共管记录',
    kind: '记录类型',
    content: '记录内容',
    contentPlaceholder: '谈心要点、表现评价……对方会签后生效',
    occurredAt: '发生时间',
    submit: '提交，等待对方会签',
    saved: '已提交，等待对方会签',
  },
  actions: {
    countersign: '会签',
    dispute: '提出异议',
    acknowledge: '确认收到',
    close: '处置完毕',
    countersignTitle: '确认会签？',
    countersignText: (what: string) => `会签表示您认可这条${what}的内容，会签后不能撤回。`,
    disputeTitle: '提出异议',
    disputeText: '请写明与事实不符之处，记录将标记为“有异议”。',
    disputeReason: '异议理由',
    disputeConfirm: '提交异议',
    acknowledgeTitle: '确认收到该突发事件？',
    acknowledgeText: '确认表示学校已知悉并开始处置，教育局待办随之消除；处置完成后请填写处置结果。',
    closeTitle: '填写处置结果',
    outcome: '处置结果',
    outcomePlaceholder: '采取了哪些措施、学生现状、后续安排',
    closeConfirm: '确认处置完毕',
    done: {
      countersign: '已会签',
      dispute: '已提交异议',
      acknowledge: '已确认收到',
      close: '已记录处置结果',
    } as Record<'countersign' | 'dispute' | 'acknowledge' | 'close', string>,
  },
  incident: {
    reportTitle: '报告突发事件',
    step1: '1. 发生了什么类型的事件？',
    step2: '2. 事件经过',
    content: '事件经过',
    contentPlaceholder: '什么时间、谁、发生了什么、现在情况如何',
    place: '事发地点',
    actionTaken: '已采取的措施',
    actionTakenPlaceholder: '如：已送医、已联系家长',
    actionTakenOptional: '已采取的措施（可不填）',
    occurredAt: '发生时间',
    submit: '立即报告',
    sent: '已报告，学校和教育局已收到',
    hint: '报告后学校须在规定时限内确认；情况紧急请同时拨打 120 / 110。',
    listTitle: '突发事件',
    listEmpty: '没有突发事件',
    filterOpen: '未处置',
    filterAll: '全部',
    dueBy: (at: string) => `须于 ${at} 前确认`,
    overdue: (at: string) => `已超过确认时限（${at}）`,
    detailTitle: '突发事件',
    who: (student: string, post: string) => `${student} · ${post}`,
    where: (school: string, enterprise: string) => `${school} · ${enterprise}`,
    reportedBy: (name: string) => `报告人：${name}`,
    acknowledgedBy: (name: string, at: string) => `${name} 于 ${at} 确认收到`,
    closedAt: (at: string) => `${at} 处置完毕`,
    report: '报告突发事件',
    studentButton: '遇到危险或侵害？一键报告',
  },
  patrol: {
    title: '日常巡查',
    rostersTitle: '我的值守点',
    rostersEmpty: '没有进行中的值守安排',
    open: '填写今日巡查',
    view: '查看今日巡查',
    formTitle: (site: string) => `${site} · 日常巡查`,
    day: (day: string) => `巡查日期 ${day}`,
    noInterns: '今天该值守点没有在岗实习学生，无需巡查。',
    note: '情况说明',
    notePlaceholder: '缺勤或需关注时必填',
    summary: '巡查小结',
    summaryPlaceholder: '到岗、安全防护、食宿等总体情况（可不填）',
    submit: (n: number) => `提交巡查（${n} 名学生）`,
    saved: '巡查已提交，等待企业导师会签',
    lines: (n: number) => `${n} 名学生`,
    countersignAll: '全部会签',
    countersignAllCount: (n: number) => `全部会签（${n}）`,
    countersignTitle: '会签本次巡查？',
    countersignText: (n: number) => `将一次会签 ${n} 名学生的巡查记录；如有不符，请先对该学生提出异议。`,
    awaitingTitle: '待会签的巡查',
    awaitingEmpty: '没有待会签的巡查',
    by: (name: string, day: string) => `${name} · ${day}`,
  },
}

// Shared by the plan, post and student forms: the 专业大类 picker, what
// the school used before, the plan's live check and a refused co-sign request.
const zhForms = {
  majorCategory: {
    choose: '选择',
    chooseLabel: '从专业目录中选择',
    sheetTitle: '选择专业大类',
    sheetDescription: '《职业教育专业目录（2021年）》的 19 个专业大类',
    cancel: '取消',
    loadFailed: '专业大类列表加载失败，请稍后再试',
    notInCatalogue: '请从 19 个专业大类中选择，名称须完全一致',
  },
  suggestions: {
    label: (field: string) => `本校用过的${field}`,
    use: (value: string) => `填入“${value}”`,
  },
  liveCheck: {
    checking: '正在按规定检查…',
    live: '边填边查：以下结果按当前填写内容实时检查，尚未保存',
    incomplete: '填完基本信息和岗位后自动检查',
  },
  cosignRefused: {
    heading: '不能提交企业会签',
    intro: (n: number) => `方案有 ${n} 处不符合规定，请修改后再提交企业会签：`,
  },
}

// The duty screens (跟岗值守): the teacher's check-in page, the school's
// rosters and the coverage calendar. Shape taken from this object.
const zhDuty = {
  title: '跟岗签到',
  tab: '跟岗',
  today: (date: string) => `今天 ${date}`,
  restDay: '今天是休息日或法定节假日',
  empty: '今天没有值守安排',
  emptyHint: '学校安排跟岗值守后，值守单位会出现在这里。',
  offlineBanner: '当前没有网络：打卡会先保存在手机上，联网后自动上传。',
  offlineSnapshot: '离线查看：以下是最近一次联网时的值守安排。',
  needSignIn: '请先联网登录，再使用跟岗签到。',
  login: '去登录',
  statuses: {
    pending: '待签到',
    checked_in: '已签到',
    checked_out: '已签退',
    missed: '已过值守时段，未签到',
  } as Record<'pending' | 'checked_in' | 'checked_out' | 'missed', string>,
  window: (from: string, to: string) => `值守时段 ${from}–${to}`,
  interns: (n: number) => `现场实习学生 ${n} 人`,
  fence: (m: number) => `考勤范围 ${m} 米`,
  kinds: { in: '签到', out: '签退' } as Record<'in' | 'out', string>,
  checkIn: '签到',
  checkOut: '签退',
  checkInAgain: '再次签到',
  actionFor: (kind: string, site: string) => `${kind}：${site}`,
  hintIn: '到达实习单位后点击签到，手机会读取当前位置。',
  hintOut: '离开实习单位前点击签退。',
  hintDone: '今天的签到和签退都已完成。',
  locating: '正在定位…',
  sending: '正在提交…',
  note: '备注（选填）',
  notePlaceholder: '如：与企业导师一同巡查车间',
  geo: {
    unsupported: '此浏览器不能定位，请换用手机自带浏览器或微信打开。',
    denied: '没有定位权限：请在浏览器设置中允许本网站使用位置信息，然后重试。',
    unavailable: '暂时无法定位，请到室外或窗边重试。',
    timeout: '定位超时，请重试。',
  },
  result: {
    heading: (kind: string) => `${kind}成功`,
    queuedHeading: (kind: string) => `${kind}已保存，待上传`,
    queuedText: '手机暂时没有网络，打卡已保存在手机上，联网后会自动上传，不会重复计算。',
    distance: (m: number) => `距离值守地点 ${m} 米`,
    inFence: '在考勤范围内',
    outFence: '不在考勤范围内',
    doubtHeading: '以下情况将提示学校核实（不影响本次打卡）：',
    delayed: (s: number) => `离线保存 ${s} 秒后上传`,
  },
  outbox: {
    heading: (n: number) => `待上传（${n}）`,
    pending: '待上传',
    refused: '上传失败',
    line: (kind: string, site: string, time: string) => `${kind} · ${site} · ${time}`,
    sendNow: '立即上传',
    sending: '上传中…',
    sentToast: (n: number) => `已上传 ${n} 条打卡`,
  },
  patrolLink: '填写今日巡查（每名学生一行）',
  history: {
    heading: '今天的打卡记录',
    line: (kind: string, time: string, distance: number) => `${kind} ${time} · 距离 ${distance} 米`,
  },
  signals: {
    accuracy_poor: '定位精度差（超过100米）',
    speed_impossible: '与上一次打卡相比移动速度不可能',
    coords_repeated: '坐标与其他日期或他人的打卡完全相同',
    outside_window: '不在值守时段内',
    rest_day: '休息日或法定节假日',
    night: '夜间（22:00–06:00）',
    clock_skew: '手机时间与服务器相差超过5分钟',
    checkout_without_checkin: '未签到即签退',
  } as Record<
    | 'accuracy_poor'
    | 'speed_impossible'
    | 'coords_repeated'
    | 'outside_window'
    | 'rest_day'
    | 'night'
    | 'clock_skew'
    | 'checkout_without_checkin',
    string
  >,
  rosters: {
    title: '值守安排',
    create: '新建值守安排',
    newTitle: '新建值守安排',
    coverageLink: '跟岗覆盖情况',
    statusFilter: '按状态筛选',
    filters: { active: '值守中', cancelled: '已取消', all: '全部' } as Record<'active' | 'cancelled' | 'all', string>,
    statuses: { active: '值守中', cancelled: '已取消' } as Record<'active' | 'cancelled', string>,
    empty: '暂无值守安排',
    period: (from: string, to: string) => `${from} 至 ${to}`,
    weekdaysLine: (days: string) => `每周${days}`,
    weekdayNames: ['一', '二', '三', '四', '五', '六', '日'] as readonly string[],
    weekdayLabels: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'] as readonly string[],
    daySeparator: '、',
    cancelledLine: (reason: string) => `已取消：${reason}`,
    cancel: '取消安排',
    cancelTitle: '取消值守安排',
    cancelIntro: (who: string) => `取消后 ${who} 不再需要到该单位签到；已有的打卡和覆盖记录会保留。`,
    cancelReason: '取消原因',
    cancelReasonPlaceholder: '如：该教师调岗，改由其他教师值守',
    cancelSubmit: '确认取消',
    cancelled: '已取消值守安排',
    teacher: '实习指导教师',
    teacherPlaceholder: '请选择本校教师',
    teacherPickerTitle: '选择实习指导教师',
    enterprise: '值守单位',
    enterprisePlaceholder: '请选择合作单位名单中的企业',
    enterprisePickerTitle: '选择值守单位',
    startsOn: '开始日期',
    endsOn: '结束日期',
    weekdays: '值守日',
    windowStart: '值守开始时间',
    windowEnd: '值守结束时间',
    weekdaysRequired: '请至少选择一个值守日',
    windowOrder: '值守结束时间须晚于开始时间',
    endsBeforeStart: '结束日期不能早于开始日期',
    submit: '保存安排',
    created: (who: string) => `已安排 ${who} 跟岗值守`,
    who: (teacher: string, site: string) => `${teacher} · ${site}`,
  },
  coverage: {
    title: '跟岗覆盖',
    rostersLink: '值守安排',
    range: '查询范围',
    ranges: { 14: '近 14 天', 31: '近 31 天', 62: '近 62 天' } as Record<14 | 31 | 62, string>,
    rangeLine: (from: string, to: string) => `${from} 至 ${to}`,
    school: '学校',
    schoolPlaceholder: '全部学校',
    allSchools: '查看全部学校',
    totals: '合计',
    statuses: { covered: '已覆盖', doubtful: '存疑', missed: '缺勤', pending: '待打卡' } as Record<
      'covered' | 'doubtful' | 'missed' | 'pending',
      string
    >,
    total: (name: string, n: number) => `${name} ${n}`,
    notDutyDay: '非值守日',
    dayLabel: (day: string, status: string) => `${day} ${status}`,
    empty: '所选范围内没有值守安排',
    more: '值守安排较多，只显示了前 500 个，请按学校筛选。',
    onlyOne: '只显示此值守安排',
    showAll: '查看全部',
    doubtfulHeading: (n: number) => `存疑打卡（${n}）`,
    missedLine: (days: string) => `缺勤：${days}`,
    checkinLine: (kind: string, at: string, distance: number, fence: string) => `${kind} ${at} · 距离 ${distance} 米 · ${fence}`,
    delayed: (s: number) => `离线 ${Math.round(s / 60)} 分钟后上传`,
    cancelledTag: '已取消',
    note: (text: string) => `备注：${text}`,
    weekHeader: ['一', '二', '三', '四', '五', '六', '日'] as readonly string[],
  },
  links: {
    rosters: '值守安排',
    coverage: '跟岗覆盖',
  },
}

// The special inspections and their ledger (专项排查台账): campaigns, the
// random draw, findings and their rectification. Shape taken from this object.
const zhInspections = {
  links: {
    campaigns: '专项检查',
    board: '整改台账',
    mine: '我的整改',
  },
  methods: {
    documents: '查阅资料',
    site_visit: '实地查看',
    student_talk: '学生访谈',
    questionnaire: '问卷调查',
  } as Record<'documents' | 'site_visit' | 'student_talk' | 'questionnaire', string>,
  targetKinds: {
    school: '学校',
    enterprise: '实习单位',
    plan: '实习方案',
    placement: '实习安排',
  } as Record<'school' | 'enterprise' | 'plan' | 'placement', string>,
  severities: { minor: '一般', serious: '较重', critical: '严重' } as Record<'minor' | 'serious' | 'critical', string>,
  severityHints: {
    minor: '不直接影响学生安全和权益，限期改正',
    serious: '损害学生权益或管理缺失，须尽快整改',
    critical: '危及学生人身安全或严重违规，须立即整改',
  } as Record<'minor' | 'serious' | 'critical', string>,
  overdue: '已逾期',
  seq: (n: number) => `第 ${n} 号`,
  listJoin: '、',
  colon: '：',
  period: (from: string, to: string) => `${from} 至 ${to}`,
  list: {
    title: '专项检查',
    create: '新建专项检查',
    board: '整改台账',
    filterLabel: '按状态筛选',
    filters: [
      { value: 'all', label: '全部' },
      { value: 'draft', label: '草稿' },
      { value: 'open', label: '进行中' },
      { value: 'closed', label: '已结束' },
    ] as ReadonlyArray<{ value: string; label: string }>,
    empty: '还没有专项检查。点“新建专项检查”开始。',
    emptyFiltered: '没有符合条件的专项检查',
    findings: (n: number) => `${n} 个问题`,
    overdue: (n: number) => `${n} 个逾期`,
    notDrawn: '尚未抽取',
  },
  form: {
    title: '新建专项检查',
    intro: '先建立检查草稿；再随机抽取检查对象和检查人员；开始检查后即可在现场记录问题。',
    name: '检查名称',
    namePlaceholder: '如：2026 年春季岗位实习专项检查',
    division: '检查范围',
    divisionHint: '本局辖区内的行政区划，其下学校的实习都在检查范围内',
    startsOn: '开始日期',
    endsOn: '结束日期',
    endsBeforeStart: '结束日期不能早于开始日期',
    methods: '检查方式',
    methodsRequired: '请至少选择一种检查方式',
    submit: '建立检查草稿',
    created: '已建立检查草稿，下一步：随机抽取',
  },
  pick: {
    title: '选择专项检查',
    intro: (reference: string) => `将投诉 ${reference} 记为问题：请选择一项进行中的专项检查。`,
    introPlain: '请选择一项进行中的专项检查。',
    empty: '没有可以记录问题的专项检查。请先新建一项检查，抽取后开始检查。',
    create: '新建专项检查',
    choose: '在此检查中记录',
  },
  detail: {
    title: '专项检查',
    bureau: '组织单位',
    division: '检查范围',
    period: '检查期间',
    methods: '检查方式',
    inspectors: '检查人员',
    inspectorsNone: '随机抽取后确定',
    findings: '问题',
    findingsValue: (n: number, overdue: number) => (overdue > 0 ? `${n} 个，其中 ${overdue} 个逾期` : `${n} 个`),
    checklist: (n: number) => `检查清单（${n} 项）`,
    checklistHint: '检查人员对照清单逐项检查，记录问题时选择对应的检查项。',
    next: {
      draft: '下一步：随机抽取检查对象和检查人员。',
      drawn: '下一步：开始检查。开始后检查人员即可在现场记录问题。',
      open: '在现场发现问题时，点“记录问题”。',
      openReadOnly: '检查进行中。',
      closed: '检查已结束，不能再记录问题；已下达的整改继续跟踪，直至销号。',
    },
    open: '开始检查',
    openTitle: '开始这项专项检查？',
    openText: '开始后检查清单固定，检查人员可以记录问题。',
    openNotDrawn: '尚未随机抽取检查对象和检查人员。开始后检查清单固定，检查人员可以记录问题。',
    opened: '检查已开始',
    close: '结束检查',
    closeTitle: '结束这项专项检查？',
    closeText: '结束后不能再记录问题；已下达的整改继续进行，直至销号。此操作不能撤回。',
    closed: '检查已结束',
    record: '记录问题',
    findingsHeading: '问题清单',
    findingsEmpty: '还没有记录问题',
    ledgerHeading: '整改台账',
    ledgerIntro: '台账记录本次检查的每一步，导出后可打印存档。',
    exportXlsx: 'Excel',
    exportCsv: 'CSV',
    exportLabel: (format: string) => `导出台账（${format}）`,
    exportFile: (title: string, ext: string) => `${title}-整改台账.${ext}`,
    exported: '台账已下载',
    chainHeading: '防篡改校验',
    chainChecking: '正在校验台账…',
    chainOk: (rows: number) => `校验通过：共 ${rows} 行，均未被篡改`,
    chainEmpty: '台账还没有记录',
    chainBroken: (seq: number) => `第 ${seq} 行被篡改`,
    chainReason: (reason: string) => `原因：${reason}`,
    chainHead: (hash: string) => `链头哈希 ${hash}`,
    chainHeadLabel: (hash: string) => `链头哈希：${hash}`,
    chainHint: '台账每一行都以哈希与上一行相连，任何改动都会被发现；导出的台账载有链头哈希，可与此核对。',
    recheck: '重新校验',
  },
  draw: {
    heading: '随机抽取',
    intro: '从检查范围内随机抽取检查对象和检查人员（双随机）。候选名单、随机种子和结果全部公开，任何人都可以复核。每项检查只能抽取一次。',
    notDrawn: '尚未随机抽取。',
    targetKind: '抽取对象',
    targets: '抽取对象数量',
    inspectors: '抽取检查人员数量',
    seed: '随机种子（选填）',
    seedPlaceholder: '留空由系统随机生成',
    seedHint: '可以事先公布种子（如某期彩票开奖号码），使抽取结果事先无人知晓、事后可以验证。',
    countInvalid: (label: string, max: number) => `${label}应为 1–${max} 之间的整数`,
    submit: '抽取',
    confirmTitle: '确认随机抽取？',
    confirmText: (kind: string, targets: number, inspectors: number) =>
      `将从候选名单中随机抽取 ${targets} 个${kind}和 ${inspectors} 名检查人员。结果立即公开，不能重新抽取。`,
    confirmButton: '确认抽取',
    done: '抽取完成',
    seedLabel: '随机种子',
    algorithm: '抽取算法',
    drawnBy: (name: string, at: string) => `${name} 于 ${at} 抽取`,
    drawnTargets: (kind: string) => `抽中的${kind}`,
    drawnInspectors: '抽中的检查人员',
    targetCandidates: (kind: string, n: number) => `${kind}候选名单（${n}）`,
    inspectorCandidates: (n: number) => `检查人员候选名单（${n}）`,
  },
  record: {
    title: '记录问题',
    fromComplaint: (reference: string) => `来自投诉 ${reference}`,
    quoteComplaint: '引用投诉内容',
    stepTarget: '1. 检查对象',
    stepRule: '2. 依据',
    stepProblem: '3. 问题',
    stepEvidence: '4. 现场证据',
    targetKind: '对象类型',
    target: '检查对象',
    targetPlaceholder: (kind: string) => `选择${kind}`,
    targetTitle: (kind: string) => `选择${kind}`,
    targetSearch: '输入名称搜索',
    targetEmpty: '检查范围内没有找到',
    targetDrawn: '随机抽中',
    rule: '检查项',
    rulePlaceholder: '选择对应的检查项（选填）',
    ruleTitle: '选择检查项',
    ruleSearch: '输入关键词或条款号',
    ruleEmpty: '没有匹配的检查项',
    ruleHint: '选择检查项后，台账自动载明所违反的条款',
    ruleChosen: (text: string, cite: string) => `${text}（${cite}）`,
    evidenceLabel: '照片或文件（选填）',
    description: '问题描述',
    descriptionPlaceholder: '看到了什么、在哪里、涉及多少学生（最多 2000 字）',
    severity: '问题等级',
    submit: '记录问题',
    confirmTitle: '记录这个问题？',
    confirmText: '问题将写入防篡改的整改台账，记录后不能修改或删除。',
    confirmButton: '确认记录',
    done: (seq: number) => `已记录第 ${seq} 号问题`,
    notOpen: '这项检查现在不能记录问题：只有进行中的检查、由组织单位或检查人员记录。',
    uploading: '证据正在上传，请稍候',
  },
  evidence: {
    photo: '拍照',
    file: '选择文件',
    fileHint: '可拍照或选择照片、PDF 文件，最多 9 份，每份不超过 10 MB',
    uploading: '上传中…',
    failed: '上传失败',
    remove: '删除',
    removeLabel: (name: string) => `删除 ${name}`,
    tooMany: (max: number) => `最多 ${max} 份`,
    item: (n: number) => `材料 ${n}`,
    open: (label: string) => `查看${label}`,
    fileName: (prefix: string, n: number, ext: string) => `${prefix}-${n}.${ext}`,
    none: '无',
    preview: '证据照片',
  },
  finding: {
    title: '问题详情',
    target: '检查对象',
    targetValue: (kind: string, name: string) => `${kind} · ${name}`,
    school: '所涉学校',
    enterprise: '所涉实习单位',
    basis: '依据',
    basisArticle: (article: string) => `违反《职业学校学生实习管理规定》${article}`,
    description: '问题描述',
    severity: '问题等级',
    discovered: '发现',
    discoveredValue: (name: string, day: string) => `${name} · ${day}`,
    complaint: '来源投诉',
    complaintLink: '查看投诉',
    evidence: '现场证据',
    rectification: '整改要求',
    orderNo: '通知书编号',
    responsibleOrg: '责任单位',
    responsiblePerson: '责任人',
    measure: '整改措施',
    deadline: '整改时限',
    notice: '责令改正通知书',
    submission: '整改情况',
    previousSubmission: '上次提交的整改情况',
    submissionEvidence: '整改材料',
    reopenReason: (n: number) => `第 ${n} 次退回理由`,
    history: '办理过程',
    campaign: '所属检查',
    next: {
      order: '下一步：下达整改要求（责令改正）。',
      start: '下一步：开始整改；完成后提交整改说明和材料。',
      submit: '整改完成后，提交整改说明和材料，等待教育局验收。',
      verify: '责任单位已提交整改材料：请核实后验收，或写明理由退回。',
      close: '整改已验收：核对无误后销号。',
      recorded: '等待教育局下达整改要求。',
      open: '等待责任单位整改。',
      rectifying: '责任单位正在整改。',
      submitted: '等待教育局验收。',
      verified: '已验收，等待教育局销号。',
      closed: '已销号，整改完成。',
    },
    steps: {
      recorded: '记录问题',
      ordered: '下达整改',
      reopened: (n: number) => (n > 1 ? `退回重新整改（${n} 次）` : '退回重新整改'),
      submitted: '提交整改',
      verified: '验收通过',
      closed: '销号',
    },
  },
  actions: {
    label: '办理',
    order: '下达整改',
    start: '开始整改',
    submit: '提交整改',
    verify: '验收通过',
    reopen: '退回',
    close: '销号',
    done: {
      order: '已下达整改要求',
      start: '已开始整改',
      submit: '已提交，等待教育局验收',
      verify: '已验收',
      reopen: '已退回责任单位',
      close: '已销号',
    } as Record<'order' | 'start' | 'submit' | 'verify' | 'reopen' | 'close', string>,
    startTitle: '开始整改？',
    startText: '教育局将看到“整改中”。整改完成后请提交整改说明和材料。',
    verifyTitle: '验收通过？',
    verifyText: '确认整改到位。验收后不能退回，之后可以销号。',
    closeTitle: '销号？',
    closeText: '销号后该问题在台账中办结，不能再更改。',
  },
  order: {
    title: '下达整改要求',
    intro: '依据《职业学校学生实习管理规定》第四十六条责令改正。下达后责任单位会在待办中看到。',
    responsibleOrg: '责任单位',
    responsibleHint: '须为问题所涉的学校或实习单位',
    responsibleValue: (name: string, kind: string) => `${name}（${kind}）`,
    person: '责任人',
    personPlaceholder: '责任单位的负责人姓名',
    measure: '整改措施',
    measurePlaceholder: '要求采取的措施（最多 1000 字）',
    deadline: '整改时限',
    deadlinePast: '整改时限不能早于今天',
    submit: '下达整改',
    confirmTitle: '下达整改要求？',
    confirmText: (org: string, deadline: string) => `将责令${org}于 ${deadline} 前完成整改，并生成责令改正通知书。下达后不能修改。`,
    confirmButton: '确认下达',
  },
  submit: {
    title: '提交整改',
    intro: '写明采取了哪些措施、现在情况如何，并附上照片或文件。提交后由教育局验收。',
    note: '整改说明',
    notePlaceholder: '采取的措施和结果（最多 1000 字）',
    evidence: '整改材料',
    submit: '提交整改',
    confirmTitle: '提交整改材料？',
    confirmText: '提交后等待教育局验收，验收前不能修改。',
    confirmButton: '确认提交',
  },
  reopen: {
    title: '退回重新整改',
    intro: '写明整改不到位之处，责任单位将看到退回理由。',
    reason: '退回理由',
    reasonPlaceholder: '哪些问题仍未解决（最多 1000 字）',
    submit: '退回',
    confirmTitle: '退回重新整改？',
    confirmText: '责任单位须重新整改并再次提交材料。',
    confirmButton: '确认退回',
  },
  notice: {
    title: '责令改正通知书',
    print: '打印',
    link: '责令改正通知书',
    notOrdered: '尚未下达整改要求，没有通知书。',
    number: (no: string) => `编号：${no}`,
    to: (org: string) => `${org}：`,
    body: (bureau: string, campaign: string, day: string) =>
      `${bureau}于${day}在“${campaign}”中发现你单位存在下列问题。依据《职业学校学生实习管理规定》第四十六条，现责令你单位按下列要求限期改正，并在整改时限内将整改情况和佐证材料报送我局。`,
    problem: '存在问题',
    target: '检查对象',
    article: '违反条款',
    articleValue: (article: string) => `《职业学校学生实习管理规定》${article}`,
    articleWithItem: (article: string, item: string) => `${article}（${item}）`,
    articleNone: '见问题描述',
    severity: '问题等级',
    measure: '整改措施',
    person: '责任人',
    deadline: '整改时限',
    closing: '请于整改时限前通过护航平台提交整改情况及佐证材料。',
    seal: '（盖章）',
    date: (y: number, mo: number, d: number) => `${y}年${mo}月${d}日`,
  },
  board: {
    title: '整改台账',
    mineTitle: '我的整改',
    intro: '已下达的整改事项，逾期的排在最前。',
    mineIntro: '教育局责令你单位整改的事项。点开一项，开始整改并提交整改材料。',
    filterLabel: '按状态筛选',
    filters: {
      all: '全部',
      overdue: '已逾期',
      open: '待整改',
      rectifying: '整改中',
      submitted: '待验收',
      verified: '已验收',
      closed: '已销号',
    } as Record<'all' | 'overdue' | 'open' | 'rectifying' | 'submitted' | 'verified' | 'closed', string>,
    sections: {
      overdue: '已逾期',
      active: '办理中',
      closed: '已销号',
    } as Record<'overdue' | 'active' | 'closed', string>,
    empty: '没有整改事项',
    emptyFiltered: '没有符合条件的整改事项',
    sectionHeading: (name: string, n: number) => `${name}（${n}）`,
    deadline: (day: string) => `整改时限 ${day}`,
    responsible: (org: string) => `责任单位：${org}`,
    campaigns: '专项检查',
  },
  complaint: {
    record: '记为专项检查问题',
    linked: '查看专项检查中的问题',
  },
}

// The early-warning inbox (预警): the list with its filters, one alert with
// its history, and 确认收到 / 处理完毕. Shape taken from this object.
const zhAlerts = {
  title: '预警',
  /** Screen-reader text after the 预警 tab's name when alerts wait. */
  tabBadge: (n: number) => `，${n} 条预警待确认`,
  severities: { critical: '严重', serious: '较重', minor: '一般' } as Record<'critical' | 'serious' | 'minor', string>,
  statuses: { open: '待确认', acknowledged: '已确认', resolved: '已解决' } as Record<'open' | 'acknowledged' | 'resolved', string>,
  rules: {
    'A-INCIDENT': '突发事件',
    'A-INCIDENT-UNACKED': '突发事件未确认',
    'A-COMPLAINT': '投诉举报',
    'A-DUTY-MISSED': '值守缺勤',
    'A-PATROL-GAP': '巡查中断',
    'A-CHECKIN-ANOMALY': '打卡异常',
    'A-RESTDAY-WORK': '休息日/夜间作业',
    'A-NOT-FILED': '未备案先实习',
    'A-INSURANCE': '保险缺口',
    'A-PAY-MISSING': '报酬未发放',
    'A-PAY-LOW': '报酬低于标准',
    'A-FEES': '违规收费',
    'A-QUOTA': '超比例安排',
    'A-RECTIFY-OVERDUE': '整改逾期',
  } as Record<string, string>,
  age: {
    justNow: '刚刚',
    minutes: (n: number) => `${n} 分钟前`,
    hours: (n: number) => `${n} 小时前`,
    days: (n: number) => `${n} 天前`,
  },
  signedOutTitle: '登录后查看预警',
  signedOutText: '学校、实习单位和教育主管部门登录后，可以实时收到并处理本单位的预警。',
  login: '登录',
  noRoleTitle: '预警由学校、实习单位和教育局处理',
  noRoleText: '发现异常情况时，平台会立即通知学校、实习单位和教育局，由他们限时处置。',
  list: {
    statusLabel: '按状态筛选',
    statusFilters: {
      open: '待确认',
      acknowledged: '处理中',
      resolved: '已解决',
      all: '全部',
    } as Record<'open' | 'acknowledged' | 'resolved' | 'all', string>,
    severityLabel: '按等级筛选',
    severityAll: '全部等级',
    ruleLabel: '预警类型',
    ruleAll: '全部类型',
    empty: {
      open: '没有待确认的预警，眼下无需处理',
      acknowledged: '没有处理中的预警',
      resolved: '还没有已解决的预警',
      all: '没有预警，眼下无需处理',
    } as Record<'open' | 'acknowledged' | 'resolved' | 'all', string>,
    emptyFiltered: '没有符合条件的预警',
    escalated: '已升级',
    orgJoin: ' · ',
    arrived: (title: string) => `新预警：${title}`,
    changed: (title: string) => `预警有更新：${title}`,
    reconnecting: '实时连接已中断，正在重新连接…',
  },
  detail: {
    title: '预警详情',
    facts: '预警信息',
    rule: '预警类型',
    raisedAt: '预警时间',
    businessDay: '所属日期',
    school: '学校',
    enterprise: '实习单位',
    bureau: '主管部门',
    escalation: '升级',
    escalatedTo: (name: string, level: number) => `已升级至${name}（第 ${level} 级）`,
    escalatedLevel: (level: number) => `已升级（第 ${level} 级）`,
    acknowledged: '确认收到',
    resolved: '处理完毕',
    by: (name: string, at: string) => `${name} · ${at}`,
    resolveNote: '处理情况',
    subject: '查看详情',
    history: '处理记录',
    historyEmpty: '暂无处理记录',
    historyActions: {
      raise: '触发预警',
      ack: '确认收到',
      resolve: '处理完毕',
      escalate: '升级上报',
    } as Record<'raise' | 'ack' | 'resolve' | 'escalate', string>,
    actionsLabel: '处理预警',
    changedElsewhere: '该预警刚由他人更新，已显示最新情况',
  },
  ack: {
    button: '确认收到',
    title: '确认收到预警',
    intro: '确认表示您已知悉并开始处理；处理完成后请点“处理完毕”写明处理情况。',
    note: '备注',
    notePlaceholder: '如：已电话联系学校，正在核实（可不填）',
    submit: '确认收到',
    done: '已确认收到',
  },
  resolve: {
    button: '处理完毕',
    title: '处理完毕',
    intro: '写明采取了哪些措施、结果如何，这段话将记入处理记录。',
    note: '处理情况',
    notePlaceholder: '如：已送医检查，无大碍，家长已知悉',
    required: '请填写处理情况',
    submit: '提交处理情况',
    done: '预警已解决',
  },
}

// The dashboard (数据看板) of a bureau or a school: headline figures, the
// units one level down, twelve weeks of trends and what needs attention.
const zhStats = {
  title: '数据看板',
  entry: '数据看板',
  entryHint: '按地区、学校查看实习监管数据，可导出 Excel',
  crumbsLabel: '当前范围',
  listJoin: '，',
  none: '—',
  updatedAt: (time: string) => `数据更新于 ${time}`,
  updatedOn: (month: number, day: number, time: string) => `数据更新于 ${month}月${day}日 ${time}`,
  notRefreshed: '数据尚未汇总，请稍后再看',
  asOf: (date: string) => `统计日 ${date}`,
  headline: '核心指标',
  cards: {
    waiting: '待审核方案',
    waitingHint: (avg: string, max: string) => `平均已等 ${avg} 天，最长 ${max} 天`,
    waitingNone: '没有等待审核的方案',
    active: '在岗实习学生',
    activeHint: (total: number) => `各环节共 ${total} 人次`,
    dutyToday: '今日跟岗到岗率',
    dutyWeek: '本周跟岗到岗率',
    dutyHint: (covered: number, due: number) => `应到 ${due} 班次，已到 ${covered}`,
    dutyNone: '没有跟岗值守安排',
    patrolGaps: '巡查缺口',
    patrolGapsHint: '本周应巡查而未巡查的班次',
    incidents: '未确认突发事件',
    incidentsHint: (total: number) => `累计 ${total} 起`,
    alerts: '未解决预警',
    alertsHint: (critical: number) => `其中严重 ${critical} 条`,
    overdue: '逾期整改',
    overdueHint: '已过整改期限仍未验收',
  },
  compare: {
    heading: { division: '各地区对比', school: '各学校对比' } as Record<'division' | 'school', string>,
    metricLabel: '对比指标',
    metrics: {
      alerts: '未解决预警',
      coverage: '本周到岗率',
      waiting: '待审核方案',
      active: '在岗实习',
    } as Record<'alerts' | 'coverage' | 'waiting' | 'active', string>,
    chartLabel: (metric: string, parts: string) => `${metric}：${parts}`,
    chartPart: (name: string, value: string) => `${name} ${value}`,
    hint: '点按柱条或名称查看下一级，也可以在下面的列表中选择。',
    listHeading: { division: '下级地区', school: '学校' } as Record<'division' | 'school', string>,
    schoolsHeading: '本级直属学校',
    empty: '本级没有下级地区或学校的数据',
  },
  rowFacts: {
    active: (n: number) => `在岗 ${n}`,
    alerts: (n: number) => `预警 ${n}`,
    coverage: (p: string) => `到岗率 ${p}`,
    waiting: (n: number) => `待审 ${n}`,
  },
  trends: {
    heading: '近 12 周趋势',
    series: {
      checkins: '跟岗签到',
      patrols: '日常巡查',
      incidents: '突发事件',
      alerts: '预警',
      findings: '检查问题',
    } as Record<'checkins' | 'patrols' | 'incidents' | 'alerts' | 'findings', string>,
    summary: (parts: string) => `近 12 周合计：${parts}`,
    total: (name: string, n: number) => `${name} ${n}`,
    table: '查看每周数据',
    week: '周一',
    empty: '近 12 周没有记录',
  },
  risk: {
    heading: '重点关注',
    hosts: '实习单位',
    placements: '实习学生',
    hostFacts: (alerts: number, critical: number, findings: number) =>
      `未解决预警 ${alerts}（严重 ${critical}），未销号问题 ${findings}`,
    ratio: (interns: number, staff: number, pct: string) => `实习生 ${interns} 人 / 在岗职工 ${staff} 人（${pct}）`,
    ratioUnknown: (interns: number) => `实习生 ${interns} 人，在岗职工人数未填报`,
    overQuota: '超过 10%',
    placementFacts: (alerts: number, critical: number, incidents: number) =>
      `未解决预警 ${alerts}（严重 ${critical}），未确认事件 ${incidents}`,
    empty: '眼下没有需要重点关注的单位和学生',
  },
  school: {
    heading: '学校明细',
    placements: '查看实习安排',
    alerts: '查看预警',
  },
  exportXlsx: '导出 Excel',
  exported: '已导出',
  exportFile: (name: string, date: string) => `数据看板-${name}-${date}.xlsx`,
}

export const zhCN: Messages = {
  app: {
    title: '护航 · 职业学校学生实习监管平台',
    noscript: '请启用浏览器的 JavaScript 功能后再使用护航平台。',
    chunkError: {
      title: '页面加载失败',
      body: '网络可能已断开，页面未能加载。请检查网络后重试。',
      retry: '重试',
      retrying: '正在重试…',
    },
    pageTitle: (page) => `${page} | 护航 · 职业学校学生实习监管平台`,
    shortName: '护航',
    description: '职业学校、实习单位和教育主管部门共同守护学生实习安全。',
  },
  nav: {
    label: '主导航',
    home: '首页',
    plans: '方案',
    placements: '实习',
    alerts: '预警',
    me: '我的',
    duty: '跟岗',
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
    login: '登录',
  },
  workspace: {
    pageTitle: '工作台',
    heading: (name) => `${name}的工作台`,
    todosHeading: (count) => `待办（${count}）`,
    figuresHeading: '概况',
    loadFailed: '待办加载失败',
    severity: { critical: '紧急', serious: '重要', minor: '一般' },
    dueIn: (days) => `还剩 ${days} 天`,
    dueToday: '今天到期',
    overdue: (days) => `已逾期 ${days} 天`,
    dueOn: (date) => `期限 ${date}`,
    empty: '暂无待办',
    emptyHint: '眼下没有需要您处理的事项，可以：',
    nextSteps: {
      platform_admin: [
        { label: '管理机构', to: '/manage/orgs' },
        { label: '管理账号', to: '/manage/users' },
      ],
      bureau_auditor: [
        { label: '查看待审方案', to: '/plans/review' },
        { label: '处理实习投诉', to: '/complaints' },
        { label: '浏览全部方案', to: '/plans/all' },
        { label: '查看跟岗覆盖', to: '/duty/coverage' },
      ],
      school_admin: [
        { label: '新建实习方案', to: '/plans/new' },
        { label: '查看学生实习', to: '/placements' },
        { label: '维护学生名单', to: '/students' },
        { label: '安排跟岗值守', to: '/duty/rosters' },
      ],
      teacher: [
        { label: '跟岗签到', to: '/duty' },
        { label: '填写日常巡查', to: '/duty/patrols' },
        { label: '查看指导的学生', to: '/placements' },
      ],
      enterprise_admin: [
        { label: '查看实习学生', to: '/placements' },
        { label: '维护实习岗位', to: '/manage/posts' },
      ],
      enterprise_mentor: [
        { label: '查看带教的学生', to: '/placements' },
        { label: '会签日常巡查', to: '/patrols' },
      ],
      student: [
        { label: '查看我的实习', to: '/placements' },
        { label: '投诉实习问题', to: '/complaint' },
      ],
    },
    tabBadge: (count) => `，${count} 项待办`,
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
  verify: zhVerify,
  forms: zhForms,
  placements: zhPlacements,
  studentSup: zhStudentSup,
  students: zhStudents,
  records: zhRecords,
  duty: zhDuty,
  inspections: zhInspections,
  alerts: zhAlerts,
  stats: zhStats,
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
      lowestGradeWage: '本单位最低档工资标准（元/月，选填）',
      lowestGradeWagePlaceholder: '如 2200.00',
      lowestGradeWageHint: '岗位实习报酬不低于同岗位工资的 80% 或本单位最低档工资标准（第十八条）',
      abroad: '实习单位在境外（含港澳台）',
      abroadHint: '境外实习单位填写地区代码，不填写行政区划（第二十五条）',
      regionCode: '境外地区代码',
      regionCodePlaceholder: '如 HK、MO、TW、SG',
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
      breakMinutes: '班中休息（分钟）',
      breakMinutesHint: '上下班时间之差减去休息时间，不得超过每日工作时长（第十七条）',
      submit: '保存岗位',
      created: (name) => `已新增岗位：${name}`,
      itemLabel: (p) => `${p.headcount} 人在岗 · ${p.shift} · ${p.hours} · 强度${p.grade} · ${p.wage}`,
      hoursValue: (perDay, perWeek) => `每日 ${perDay} 小时/每周 ${perWeek} 小时`,
      wageValue: (yuan) => `参考工资 ${yuan} 元/月`,
    },
  },
  complaints: {
    publicLink: '我要投诉',
    publicLinkHint: '学生、家长或任何人发现实习中的违规行为，无需账号即可投诉。',
    form: {
      pageTitle: '实习投诉',
      intro:
        '依据《职业学校学生实习管理规定》第四十五条，任何人都可以就学生实习中的违规行为向教育行政部门投诉。投诉将转交主管教育局处理。',
      anonymous: '无需注册或登录，可以匿名提交。',
      school: '所涉学校',
      schoolNone: '不清楚 / 不填写',
      schoolHint: '选择学校后，投诉将直接转交该校的主管教育局',
      schoolsFailed: '学校列表加载失败，可以不选学校直接提交',
      enterprise: '实习单位名称',
      enterprisePlaceholder: '如 某某有限公司（选填）',
      enterpriseHint: '未选学校时，按实习单位所在地转交教育局',
      placementRef: '其他线索',
      placementRefPlaceholder: '如实习编号、岗位名称（选填）',
      content: '投诉内容',
      contentPlaceholder: '请写明发生了什么、何时何地、涉及哪些学生（最多 2000 字）',
      contact: '联系方式',
      contactPlaceholder: '手机号或其他联系方式（选填）',
      contactHint: '只有处理投诉的教育局能看到，便于核实情况',
      submit: '提交投诉',
      submitting: '正在提交…',
      rateLimited: (wait) => `提交过于频繁：同一网络每分钟最多提交 5 件、每天最多 20 件投诉。${wait}`,
      doneHeading: '投诉已提交',
      doneIntro: (bureau) => `投诉已转交${bureau}。凭下面的查询编号和查询码可以随时查看处理进度和答复。`,
      bureauOf: (school) => `${school}的主管教育局`,
      bureauUnknown: '主管教育局',
      reference: '查询编号',
      code: '查询码',
      keepNote: '请立即抄写或截图保存查询编号和查询码。查询码只显示这一次，平台不保存原文，遗失后无法找回。',
      copy: '复制编号和查询码',
      copyText: (reference, code) => `投诉查询编号：${reference}\n查询码：${code}`,
      copied: '已复制',
      copyFailed: '无法自动复制，请手动抄写',
      checkStatus: '查询处理进度',
      another: '再提交一件',
      statusLink: '已投诉过？查询处理进度',
    },
    status: {
      pageTitle: '查询投诉进度',
      intro: '输入提交投诉时得到的查询编号和查询码。',
      reference: '查询编号',
      referencePlaceholder: '如 TS-20261205-7KQ3',
      code: '查询码',
      codePlaceholder: '如 ABCD-EFGH-JKMN',
      submit: '查询',
      notFound: '查询编号或查询码不正确，请核对后重试',
      rateLimited: (wait) => `查询过于频繁。${wait}`,
      bureau: '处理单位',
      filedAt: '提交时间',
      decidedAt: '办理时间',
      reply: '教育局答复',
      noReply: '尚未答复',
      explain: {
        received: '投诉已送达教育局，等待受理。',
        triaging: '教育局正在核查。',
        resolved: '教育局已办结，答复见下。',
        dismissed: '教育局决定不予受理，理由见下。',
        referred: '投诉已转入专项检查，教育局将在检查中处理。',
      },
      fileNew: '提交新的投诉',
    },
    statuses: {
      received: '已收到',
      triaging: '核查中',
      resolved: '已办结',
      dismissed: '不予受理',
      referred: '已转专项检查',
    },
    list: {
      pageTitle: '投诉处理',
      filterLabel: '按状态筛选',
      filters: [
        { value: 'open', label: '待处理' },
        { value: 'all', label: '全部' },
        { value: 'resolved', label: '已办结' },
        { value: 'dismissed', label: '不予受理' },
        { value: 'referred', label: '已转专项检查' },
      ],
      empty: '暂无投诉',
      emptyFiltered: '没有符合条件的投诉',
      waiting: (days) => (days === 0 ? '今天收到' : `已等待 ${days} 天`),
      about: (school, enterprise) => [school, enterprise].filter(Boolean).join(' · '),
      aboutNone: '未指明学校或实习单位',
    },
    detail: {
      pageTitle: '投诉详情',
      content: '投诉内容',
      facts: '投诉信息',
      school: '所涉学校',
      enterprise: '实习单位',
      enterpriseMatched: (name) => `匹配登记企业：${name}`,
      placementRef: '其他线索',
      contact: '联系方式',
      none: '未填写',
      bureau: '承办单位',
      route: '分办依据',
      routeBasis: { school: '按学校', enterprise: '按实习单位所在地', default: '转市级分办' },
      filedAt: '收到时间',
      waiting: (days) => `已等待 ${days} 天`,
      startedAt: '开始核查',
      decision: '处理结果',
      outcome: '结果',
      outcomes: { resolved: '已办结', dismissed: '不予受理', inspection: '转专项检查' },
      reply: '给投诉人的答复',
      note: '内部备注',
      triagedBy: (name, at) => `${name} · ${at}`,
      awaitingFinding: '待在专项检查中立为问题',
      oversightOnly: (bureau) => `此投诉由${bureau}处理，你可以查看进度。`,
      start: '开始核查',
      startTitle: '开始核查这件投诉？',
      startText: '投诉人查询时将看到“核查中”。',
      started: '已开始核查',
      decide: '作出处理',
    },
    triage: {
      title: '处理投诉',
      intro: '答复将原文显示给投诉人，请勿写入他人的个人信息；内部备注只有教育局可见。',
      outcome: '处理结果',
      outcomeHints: {
        resolved: '已核实并处理完毕',
        dismissed: '不属于实习管理范围或查无实据，须说明理由',
        inspection: '需要现场检查，转入专项检查台账',
      },
      reply: '给投诉人的答复',
      replyPlaceholder: '写明核查情况和处理结果（最多 1000 字）',
      replyHint: '投诉人凭查询码可以看到这段答复',
      note: '内部备注',
      notePlaceholder: '核查经过、联系记录等（选填）',
      submit: '提交处理结果',
      confirmTitle: (outcome) => `确认处理结果：${outcome}？`,
      confirmText: (outcome) => `提交后投诉状态将变为“${outcome}”，答复立即对投诉人可见，且不能再修改。`,
      confirmButton: '确认提交',
      done: (outcome) => `已处理：${outcome}`,
    },
    manageLink: '投诉处理',
  },
}

// Only one locale exists today; switching will be a matter of choosing here.
export const messages: Messages = zhCN
