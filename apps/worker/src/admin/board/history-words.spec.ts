import { boardText } from './board-views';
import { historyActor, historyNote } from './history-words';

const zh = boardText('zh');
const en = boardText('en');
const nameOf = (login: string) => ({ 'li.na': '李娜' })[login] ?? login;

describe('historyActor', () => {
  it('names the system in words and people by display name', () => {
    expect(historyActor('assignment', zh, nameOf)).toBe('系统自动分配');
    expect(historyActor('assignment', en, nameOf)).toBe('Automatic assignment');
    expect(historyActor('retention', zh, nameOf)).toBe('系统(保存期限)');
    expect(historyActor('li.na', zh, nameOf)).toBe('李娜');
    expect(historyActor('someone', zh, nameOf)).toBe('someone');
    expect(historyActor(null, zh, nameOf)).toBe('—');
  });
});

describe('historyNote', () => {
  it('says how a task was assigned, in words', () => {
    expect(historyNote('round-robin', zh, nameOf)).toBe('轮流分配');
    expect(historyNote('returning-customer', zh, nameOf)).toBe('老客户,交给原负责人');
    expect(historyNote('round-robin', en, nameOf)).toBe('In turn (round robin)');
  });

  it('says who handed a task over, by display name', () => {
    expect(historyNote('handed over from li.na', zh, nameOf)).toBe('由 李娜 交接');
    expect(historyNote('handed over from li.na', en, nameOf)).toBe('Handed over from 李娜');
  });

  it('keeps what a person wrote, even when it looks like a system word', () => {
    expect(historyNote('客户下周再约', zh, nameOf)).toBe('客户下周再约');
    expect(historyNote('round-robin please', zh, nameOf)).toBe('round-robin please');
    expect(historyNote('constructor', zh, nameOf)).toBe('constructor');
    expect(historyNote(null, zh, nameOf)).toBeNull();
  });
});
