/**
 * 简体中文. Typed against the English catalog: every key there must be here. Names (Rangefetch,
 * SHA-256, CORS, HTTP header names) and binary units (MiB) are kept as they are.
 */
import type { Messages } from './en';

const LOCALE = 'zh-CN';

export const zhCN: Messages = {
  locale: LOCALE,
  language: {
    label: '语言',
  },
  app: {
    name: 'Rangefetch',
    tagline: '在一个浏览器标签页里完成快速、可续传的下载。',
    dismiss: '关闭',
    downloads: '下载',
    empty: '还没有下载。',
    noMatch: '没有符合条件的下载。',
    engineDidNotStart: (why: string) => `下载引擎未能启动：${why}`,
  },
};
