import { casePage } from '/lib/cases.js';

// 个案详情 for the assigned caseworker: the same page as the member's, with the work moves and replies.
Page(casePage('caseworker'));
