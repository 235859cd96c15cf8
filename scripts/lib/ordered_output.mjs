// @ts-check
/**
 * Output of steps that run side by side, printed as if they had run one after another: each step
 * writes to its own channel; the first unfinished step in the print order streams live, the
 * others are kept until every step before them has finished, then printed whole. A log reads
 * step by step (never two runners' lines interleaved), and a single-step run still shows its
 * progress as it happens.
 *
 * @module
 */

/**
 * @typedef {object} Channel
 * @property {(chunk: Buffer | string, stream: "stdout" | "stderr") => void} write
 * @property {() => void} end the step is done: later steps may print
 */

export class OrderedOutput {
  /** @type {{ chunks: [Buffer | string, "stdout" | "stderr"][], ended: boolean }[]} */
  #steps = [];
  #head = 0;

  /**
   * A channel for the next step in the print order.
   * @returns {Channel}
   */
  channel() {
    const index = this.#steps.length;
    const step = { chunks: /** @type {[Buffer | string, "stdout" | "stderr"][]} */ ([]), ended: false };
    this.#steps.push(step);
    return {
      write: (chunk, stream) => {
        if (index === this.#head) process[stream].write(chunk);
        else step.chunks.push([chunk, stream]);
      },
      end: () => {
        step.ended = true;
        this.#advance();
      },
    };
  }

  #advance() {
    while (this.#head < this.#steps.length && this.#steps[this.#head].ended) {
      this.#head++;
      const next = this.#steps[this.#head];
      if (!next) break;
      for (const [chunk, stream] of next.chunks) process[stream].write(chunk);
      next.chunks = [];
    }
  }
}
