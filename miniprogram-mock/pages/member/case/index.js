import { casePage } from '/lib/cases.js';

// 求助详情: the member's own case — files, progress, messages, withdraw/close, and the rating once resolved.
Page(casePage('member'));
