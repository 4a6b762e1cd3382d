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
}

// Only one locale exists today; switching will be a matter of choosing here.
export const messages: Messages = zhCN
