// Problem `code` → what a member, staff member or admin reads. The service's English `detail`
// is for developers; the UI shows these, with the code in small print for support.
export const MESSAGES = {
  // generic
  VALIDATION_FAILED: '填写的内容有误',
  MALFORMED_JSON: '请求格式有误',
  BAD_REQUEST: '请求有误',
  INVALID_PARAMETER: '参数超出范围',
  INVALID_CURSOR: '列表已变化，请下拉刷新',
  NOT_FOUND: '内容不存在',
  METHOD_NOT_ALLOWED: '暂不支持该操作',
  NOT_ACCEPTABLE: '暂不支持该操作',
  UNSUPPORTED_MEDIA_TYPE: '不支持的内容格式',
  PAYLOAD_TOO_LARGE: '内容太大了',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '没有权限进行此操作',
  INTERNAL_ERROR: '服务开小差了，请稍后再试',
  DATABASE_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  SHUTTING_DOWN: '服务正在重启，请稍后再试',
  BUSY: '当前人数较多，请稍后再试',
  IDEMPOTENCY_KEY_IN_USE: '上一次操作还在处理中，请稍候',
  NETWORK: '网络不给力，请稍后重试',
  SERVICE_UNREACHABLE: '无法连接服务，请稍后重试',
  // help desk
  CASE_NOT_FOUND: '求助不存在或无权查看',
  CASE_TRANSITION_INVALID: '当前状态不能进行此操作，请刷新',
  CASE_TRANSITION_FORBIDDEN: '您不能进行此操作',
  CASE_CLOSED: '求助已结束，不能再留言',
  CASE_NOT_RATABLE: '解决后才能评价',
  ALREADY_RATED: '已经评价过了',
  ATTACHMENT_TOO_LARGE: '文件超过 5 MB',
  ATTACHMENT_TYPE_INVALID: '只能上传 JPG、PNG 照片或 PDF 文件',
  ATTACHMENT_NOT_FOUND: '附件已失效，请重新添加',
  CASEWORKER_NOT_FOUND: '找不到这位专员',
  // login
  INVALID_CREDENTIALS: '用户名或密码错误',
  TOO_MANY_ATTEMPTS: '尝试次数过多，请稍后再试',
  REFRESH_TOKEN_INVALID: '登录已过期，请重新登录',
  REFRESH_TOKEN_REUSED: '登录已失效，请重新登录',
  WECHAT_CODE_INVALID: '微信登录失败，请重试',
  WECHAT_RATE_LIMITED: '微信登录繁忙，请稍后再试',
  WECHAT_BUSY: '微信登录繁忙，请稍后再试',
  WECHAT_UNAVAILABLE: '暂时无法连接微信，请稍后再试',
  WECHAT_USER_BLOCKED: '该微信账号已被限制使用',
  // members and roster
  ROSTER_NO_MATCH: '姓名与会员卡号不匹配，请核对后重试',
  CARD_ALREADY_BOUND: '该会员卡已绑定其他微信账号',
  ALREADY_VERIFIED: '您已完成会员认证',
  APPLICATION_PENDING: '您的入会申请正在审核中',
  APPLICATION_NOT_PENDING: '该申请已处理过',
  APPLICATION_NOT_FOUND: '申请不存在',
  CARD_NO_TAKEN: '该会员卡号已被使用',
  ROSTER_HEADER_INVALID: '名册表头无法识别',
  ROSTER_UNREADABLE: '名册无法读取，请使用 UTF-8 编码的 CSV',
  USERNAME_TAKEN: '用户名已被占用',
  NOT_VERIFIED: '请先完成会员认证',
  NOT_ELIGIBLE: '您不在本次发放范围内',
  // stations
  STATION_NOT_FOUND: '驿站不存在或已停用',
  ORG_NOT_FOUND: '组织不存在',
  ORG_OUT_OF_SCOPE: '超出本组织的管理范围',
  ORG_CYCLE: '不能移到自己或下级组织之下',
  ORG_ID_TAKEN: '组织代码已被使用',
  UNKNOWN_STATION: '所选驿站不存在',
  NOT_YOUR_STATION: '您不是该驿站的工作人员',
  STATIONS_REBUILDING: '驿站数据更新中，请稍后再试',
  ALREADY_REVIEWED_TODAY: '今天已经评价过这个驿站了',
  REPORT_NOT_FOUND: '问题反映不存在',
  REPORT_ALREADY_RESOLVED: '该问题已处理过',
  // jobs
  // contests
  CONTEST_NOT_FOUND: '竞赛不存在',
  CONTEST_NOT_OPEN: '竞赛还没有开始',
  CONTEST_CLOSED: '竞赛已经结束',
  CONTEST_ALREADY_OPEN: '竞赛已开始，题库不能再修改',
  NO_ATTEMPTS_LEFT: '您的答题次数已用完',
  NO_QUESTIONS: '题库还没有准备好',
  ATTEMPT_EXPIRED: '答题时间已到，本次作答未计分',
  ATTEMPT_ALREADY_ANSWERED: '本次答题已交卷',
  ATTEMPT_NOT_FOUND: '答题记录不存在',
  NOT_IN_AUDIENCE: '本竞赛面向其他会员群体',
  JOB_NOT_FOUND: '岗位不存在或已下架',
  JOB_CLOSED: '该岗位已截止或已招满',
  ALREADY_APPLIED: '您已投递过该岗位',
  APPLICATION_TRANSITION_INVALID: '该投递的状态已变化，请刷新',
  HEADCOUNT_FILLED: '该岗位已招满',
  // water
  CHECKIN_INVALID: '签到码无效或已过期，请重新扫码',
  DAILY_QUOTA_REACHED: '今天已经领过水了，明天再来',
  STATION_OUT_OF_STOCK: '本驿站的水已领完',
  STATION_CLOSED: '驿站当前不在开放时间',
  CODE_SPACE_BUSY: '取水人数较多，请稍后重新扫码',
  // benefits
  BENEFIT_NOT_FOUND: '福利不存在',
  BENEFIT_NOT_OPEN: '还没到领取时间',
  BENEFIT_CLOSED: '领取已结束',
  BENEFIT_SOLD_OUT: '手慢了，已经领完了',
  ALREADY_CLAIMED: '您已经领过了，请到“我的领取”查看',
  ALREADY_ENTERED: '您已参与本次抽奖',
  BENEFIT_IS_LOTTERY: '本福利为抽奖发放，请点“参与抽奖”',
  BENEFIT_IS_FIRST_COME: '本福利先到先得，请直接领取',
  BENEFIT_ALREADY_OPEN: '福利已开放，不能再修改',
  BENEFIT_BUSY: '领取人数太多，请稍后重试',
  CLAIM_NOT_RECORDED: '领取未成功，名额未扣减，请重试',
  CLAIM_NOT_FOUND: '领取记录不存在',
  ALREADY_REDEEMED: '已核销，不能取消',
  DRAW_PENDING: '尚未开奖，请耐心等待',
  NO_DRAW: '暂无开奖结果',
  // verification at the counter
  CODE_INVALID: '核销码无效，请核对',
  CODE_EXPIRED: '核销码已过期',
  CODE_ALREADY_USED: '该码已核销过，请勿重复发放',
  WRONG_STATION: '该码不能在本驿站使用',
  // bookings
  SERVICE_NOT_FOUND: '服务不存在',
  SLOT_NOT_FOUND: '该时段不存在',
  BOOKING_NOT_OPEN: '还没到放号时间',
  SLOT_PAST: '该时段已开始，请选择其他时段',
  // station doors (扫码进站)
  DOOR_NOT_FOUND: '门禁不存在，请扫描驿站门上的二维码',
  DOOR_QR_INVALID: '门禁码无效或已过期，请重新扫描门上的二维码',
  STATION_CLOSED: '驿站现在不在开放时间',
  DOOR_OFFLINE: '门禁暂时离线，门没有打开，请稍后再试或联系工作人员',
  DOOR_FAILED: '门没能打开，请再扫一次',
  SLOT_FULL: '该时段已约满，请选择其他时段',
  ALREADY_BOOKED: '您已预约过该服务，请到“我的预约”查看',
  CANCEL_TOO_LATE: '已过取消/改约截止时间',
  BOOKING_SUSPENDED: '多次预约未到，暂时不能预约',
  BOOKING_NOT_FOUND: '预约不存在',
  BOOKING_ENDED: '该预约已结束，不能再修改',
  BOOKING_BUSY: '预约人数太多，请稍后重试',
  BOOKING_NOT_RECORDED: '预约未成功，名额未占用，请重试',
  BOOKING_NOT_NOW: '不在该预约的核销时间内',
  // campaigns
  CAMPAIGN_NOT_FOUND: '活动不存在',
  CAMPAIGN_ALREADY_PUBLISHED: '活动已发布，不能再修改',
  CAMPAIGN_DEADLINE_PASSED: '报名或投票已截止，请修改草稿后再发布',
  NOT_AN_EVENT: '这个活动不需要报名',
  NOT_A_VOTE: '这个活动不是投票',
  SIGNUP_NOT_FOUND: '您还没有报名',
  EVENT_STARTED: '活动已开始，不能取消报名',
  UNKNOWN_TEMPLATE: '订阅消息模板不存在',
  NOT_IN_AUDIENCE: '您不在本活动的范围内',
  ALREADY_VOTED: '您已经投过票了',
  ALREADY_SIGNED_UP: '您已经报过名了',
  SIGNUP_CLOSED: '报名已截止',
  VOTE_CLOSED: '投票已结束',
  MESSAGE_NOT_FOUND: '消息不存在',
};

const BY_STATUS = {
  400: '请求有误', 401: '请先登录', 403: '没有权限进行此操作', 404: '内容不存在', 409: '操作冲突，请刷新后重试',
  410: '已过期', 413: '内容太大了', 429: '操作太频繁，请稍后再试',
};

const FIELD_NAMES = {
  name: '姓名', cardNo: '会员卡号', phone: '手机号', employer: '工作单位', occupation: '职业', username: '用户名',
  password: '密码', displayName: '显示名', title: '标题', totalStock: '总数量', opensAt: '开始时间', closesAt: '结束时间',
  redeemBy: '核销截止', lat: '纬度', lng: '经度', address: '地址', hours: '开放时间', code: '核销码', bottles: '瓶数',
  score: '评分', comment: '说明', stationIds: '驿站', waterStock: '库存', services: '服务',
  body: '正文', kind: '类型', capacity: '名额', location: '地点', startsAt: '活动时间', signupDeadline: '报名截止',
  options: '选项', maxChoices: '最多选', optionIds: '选项', checkinToken: '签到码', stationId: '驿站',
};

/** The Chinese sentence for a failed reply (an object from lib/api.js). */
export function messageOf(res) {
  if (!res) return '';
  const code = res.code;
  if (code && MESSAGES[code]) {
    if (code === 'VALIDATION_FAILED' && res.data && Array.isArray(res.data.violations) && res.data.violations.length) {
      const first = res.data.violations.slice(0, 2).map((v) => {
        const field = String(v.field || '').split('.').pop();
        return (FIELD_NAMES[field] || field) + '：' + v.message;
      });
      return MESSAGES[code] + '（' + first.join('；') + '）';
    }
    return MESSAGES[code];
  }
  if (res.status >= 500) return '服务暂时不可用，请稍后再试';
  return BY_STATUS[res.status] || '操作失败，请稍后再试';
}
