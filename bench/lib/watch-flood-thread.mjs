// The log-view bench's watcher thread: marks when the flood starts (the
// kubelet's log grows past its first flood chunk), when the flood's last line
// is in that log, and when WinJoin has journaled it. It runs on its own thread
// because the engine shares the bench process's event loop, and a busy loop
// must not delay the marks it is measured by.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const { kubeletLog, journal, lastLine, floodStartedBytes } = workerData;

/** Whether the last `bytes` of a file contain `text`. */
function tailHas(file, text, bytes) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.min(bytes, size));
    const read = fs.readSync(fd, buffer, 0, buffer.length, size - buffer.length);
    return buffer.subarray(0, read).toString('utf8').includes(text);
  } finally {
    fs.closeSync(fd);
  }
}

const marks = { floodStarted: null, lastLineWritten: null, lastLineJournaled: null };
const mark = (name) => {
  marks[name] = Date.now();
  parentPort.postMessage({ mark: name, at: marks[name] });
};
setInterval(() => {
  if (marks.floodStarted === null) {
    try {
      if (fs.statSync(kubeletLog).size > floodStartedBytes) mark('floodStarted');
    } catch {
      return;
    }
  }
  if (marks.floodStarted === null) return;
  if (marks.lastLineWritten === null && tailHas(kubeletLog, `${lastLine}\n`, 256)) mark('lastLineWritten');
  if (marks.lastLineJournaled === null && tailHas(journal, `${lastLine}"`, 64 * 1024)) mark('lastLineJournaled');
}, 10);
