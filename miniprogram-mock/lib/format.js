// Display helpers: Chinese labels for enums, distances, times.

export const STATION_TYPES = {
  WATER_STATION: '爱心送水点',
  OUTDOOR_WORKER_STATION: '户外劳动者服务站',
  DRIVERS_HOME: '司机之家',
  MOTHER_ROOM: '妈咪小屋',
  CANTEEN: '爱心食堂',
  SERVICE_CENTER: '职工服务中心',
};

export const SERVICES = {
  REST: '休息', DRINKING_WATER: '饮用水', HOT_WATER: '热水', PHONE_CHARGING: '手机充电',
  EBIKE_CHARGING: '电动车充电', MICROWAVE: '微波炉', LAUNDRY: '洗衣', FIRST_AID: '急救药箱',
  TOILET: '卫生间', WIFI: 'Wi-Fi', AIR_CONDITIONING: '空调', NURSING_ROOM: '哺乳室', READING: '阅读',
  SCAN_ENTRY: '扫码进门',
};

export const REPORT_KINDS = [
  { value: 'CLOSED_DURING_HOURS', label: '开放时间内关门' },
  { value: 'NO_WATER', label: '没有水了' },
  { value: 'EQUIPMENT_BROKEN', label: '设施损坏' },
  { value: 'UNCLEAN', label: '卫生不佳' },
  { value: 'OTHER', label: '其他问题' },
];

export const REVIEW_TAGS = ['环境干净', '服务热情', '水很凉', '位置好找', '设施齐全', '需要改进'];

export const CLAIM_STATUS = { CLAIMED: '待核销', REDEEMED: '已核销', CANCELLED: '已取消', EXPIRED: '已过期' };
export const BENEFIT_STATUS = { open: '领取中', upcoming: '即将开始', closed: '已结束' };
export const SERVICE_KINDS = { CHECKUP: '健康体检', COUNSELLING: '心理咨询', LEGAL: '法律咨询', REST_TRIP: '疗休养', OTHER: '其他服务' };
export const BOOKING_STATUS = { BOOKED: '待核销', VERIFIED: '已核销', NO_SHOW: '未到', CANCELLED: '已取消' };

export const options = (map) => Object.entries(map).map(([value, label]) => ({ value, label }));

export function distance(m) {
  if (m === undefined || m === null) return '';
  return m < 1000 ? `${Math.round(m)} 米` : `${(m / 1000).toFixed(1)} 公里`;
}

const pad = (n) => String(n).padStart(2, '0');

/** '07-01 10:00' (this year) or '2027-07-01 10:00', in the phone's zone. */
export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const md = `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.getFullYear() === new Date().getFullYear() ? md : `${d.getFullYear()}-${md}`;
}

/** For <input type="datetime-local">: local 'YYYY-MM-DDTHH:mm'. */
export function localInput(date) {
  const d = new Date(date);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value as ISO-8601 with the phone's offset ('2026-07-01T10:00:00+08:00'). */
export function isoWithOffset(local) {
  const d = new Date(local);
  if (Number.isNaN(d.getTime())) return null;
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export function countdown(iso) {
  const ms = new Date(iso).getTime() - Date.now();
  if (!(ms > 0)) return '已过期';
  const s = Math.floor(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} 分 ${pad(s % 60)} 秒` : `${s} 秒`;
}

export function stars(rating) {
  if (rating === undefined || rating === null) return '☆☆☆☆☆';
  const n = Math.round(rating);
  return '★★★★★'.slice(0, n) + '☆☆☆☆☆'.slice(0, 5 - n);
}

export function rating(r, count) {
  return r === undefined || r === null ? '暂无评分' : `${Number(r).toFixed(1)} 分 · ${count || 0} 条评价`;
}

/** Masked display of a card number for the member's own screen: ZJ12****7890. */
export function maskCard(card) {
  if (!card) return '';
  return card.length <= 6 ? card : card.slice(0, 4) + '****' + card.slice(-4);
}

export const APPLICATION_STATUS = { APPLIED: '已投递', VIEWED: '已查看', INTERVIEW: '邀请面试', HIRED: '已录用', REJECTED: '未通过', WITHDRAWN: '已撤回' };
export const JOB_STATUS = { OPEN: '招聘中', FILLED: '已招满', CLOSED: '已截止', DELETED: '已下架' };

/** 4000–6000 → "4000-6000 元/月"; equal ends → one figure. */
export function salary(min, max) {
  return (min === max ? String(min) : `${min}-${max}`) + ' 元/月';
}

/** Contest status → what members and admins read. */
export const CONTEST_STATUS = { UPCOMING: '未开始', OPEN: '进行中', CLOSED: '已结束', AWARDED: '已颁奖' };
