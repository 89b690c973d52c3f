// The help desk (求助): labels and uploads for the case pages.
import { call } from '/lib/api.js';
import { time } from '/lib/format.js';

export const CASE_CATEGORIES = { HARDSHIP: '困难帮扶', LEGAL_AID: '法律援助', WAGE_ARREARS: '欠薪维权', WORK_INJURY: '工伤维权', OTHER: '其他' };
export const CASE_STATUS = {
  SUBMITTED: '已提交', ACCEPTED: '已受理', IN_PROGRESS: '处理中', RESOLVED: '已解决', REJECTED: '不予受理', WITHDRAWN: '已撤回', CLOSED: '已结案',
};

/** Uploads one picked file as its raw bytes; the service decides by content what it is. */
export async function upload(file, path = '/me/attachments') {
  const bytes = await file.arrayBuffer();
  return call('POST', path, bytes, { contentType: file.type || 'application/octet-stream' });
}

export function summary(c) {
  return {
    ...c, statusText: CASE_STATUS[c.status] || c.status, categoryText: CASE_CATEGORIES[c.category] || c.category,
    createdText: time(c.createdAt), done: ['RESOLVED', 'CLOSED'].includes(c.status),
  };
}
