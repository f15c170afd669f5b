// The server explains a refused field in English (`errors[].message`, stable wording from the
// domain's rules). On a Korean page each known wording is said in Korean, numbers kept; an unknown
// one keeps the server's text after a Korean lead, so nothing is ever hidden from the user.
import { lang } from './i18n.js';

const num = '(-?[\\d,]+)';

/** [pattern, Korean]: `$1`.. are the pattern's groups (numbers). First match wins. */
const KO = [
  [/^is required, at most (\d+) characters/, '필수 항목이며 최대 $1자까지 입력할 수 있습니다'],
  [/^is required: DINE_IN or TAKEOUT/, '매장 식사 또는 포장을 골라 주세요'],
  [/^is required/, '필수 항목입니다'],
  [/^email is required/, '이메일을 입력해 주세요'],
  [new RegExp('must be a whole number of won between ' + num + ' and ' + num), '$1원부터 $2원 사이의 정수로 입력해 주세요'],
  [new RegExp('must be between ' + num + ' and ' + num + ', or null'), '$1부터 $2 사이의 수로 입력하거나 비워 두세요'],
  [new RegExp('must be between ' + num + ' and ' + num), '$1부터 $2 사이의 값이어야 합니다'],
  [new RegExp('must be ' + num + ' to ' + num), '$1부터 $2 사이의 값이어야 합니다'],
  [new RegExp('must be at most ' + num), '최대 $1까지 입력할 수 있습니다'],
  [/must have at most (\d+) characters/, '최대 $1자까지 입력할 수 있습니다'],
  [/must have at most (\d+)/, '최대 $1개까지 가능합니다'],
  [/must have at least one item/, '메뉴를 하나 이상 담아 주세요'],
  [/must have at least (\d+)/, '최소 $1개가 필요합니다'],
  [/^at most (\d+)/, '최대 $1까지 가능합니다'],
  [/must be a whole number/, '정수로 입력해 주세요'],
  [/out of range/, '허용 범위를 벗어난 값입니다'],
  [/wrong type|must be a (number|string|boolean)/, '값의 형식이 맞지 않습니다'],
  [/http\(s\) URL of at most (\d+) characters/, 'http:// 또는 https://로 시작하는 주소를 최대 $1자까지 입력해 주세요'],
  [/not a valid email/, '올바른 이메일 주소가 아닙니다'],
  [/not a Korean (mobile )?phone number/, '올바른 전화번호가 아닙니다 (예: 010-1234-5678)'],
  [/not a (valid )?(Korean )?business (registration )?number/, '올바른 사업자등록번호가 아닙니다 (예: 220-81-62517)'],
  [/cannot be made staff/, '이 이메일의 계정은 직원으로 추가할 수 없습니다'],
  [/need 0 <= min <= max <= number of options, and max >= 1/, '0 ≤ 최소 ≤ 최대 ≤ 옵션 수, 최대는 1 이상이어야 합니다'],
  [/must not be before from/, '시작보다 앞설 수 없습니다'],
  [/must differ from from/, '시작과 달라야 합니다'],
  [/overlaps/, '다른 시간과 겹칩니다'],
  [/from and to are required/, '시작과 끝 시각을 입력해 주세요 (예: 15:00)'],
  [/is not a known time zone/, '알 수 없는 시간대입니다 (예: Asia/Seoul)'],
  [/must be 1 to 20 letters, digits, Hangul or hyphens/, '1~20자의 글자, 숫자, 한글 또는 하이픈이어야 합니다'],
  [/is not one of the restaurant's tables/, '이 가게의 테이블 번호가 아닙니다. 테이블의 QR 코드를 다시 찍어 주세요'],
  [/is given twice/, '두 번 입력되었습니다'],
  [/does not exist|has an unknown (item|category)/, '존재하지 않는 항목입니다'],
  [/is not on the menu/, '메뉴에 없는 항목입니다'],
  [/is not available/, '지금은 주문할 수 없습니다'],
  [/has an option not offered/, '고를 수 없는 옵션이 있습니다'],
  [/the price would be negative/, '가격이 0원보다 작아집니다'],
  [/^give 1 to (\d+)/, '1부터 $1까지 입력해 주세요'],
  [/PERCENT_OFF, AMOUNT_OFF or SET_PRICE/, '할인 종류를 골라 주세요'],
];

/** The message of one refused field in the page's language. */
export function fieldMessage(message) {
  if (!message || lang() !== 'ko') return message;
  for (const [pattern, ko] of KO) {
    const m = pattern.exec(message);
    if (m) return ko.replace(/\$(\d)/g, (_, i) => m[Number(i)] ?? '');
  }
  return `입력값을 확인해 주세요 (${message})`;
}

/** 을/를 (and the like) after a Korean word: by whether its last syllable has a final consonant. */
export function particle(word, withFinal, withoutFinal) {
  const last = String(word || '').trim().slice(-1);
  const code = last.charCodeAt(0) - 0xac00;
  if (code < 0 || code > 11171) return `${withFinal}(${withoutFinal})`;
  return code % 28 ? withFinal : withoutFinal;
}
