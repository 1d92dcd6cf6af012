import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from '@fastify/websocket';
import { StreamHub, type TranscriptSource } from '../../../../src/bot/channels/webchat/stream-hub.js';
import { MessageBus } from '../../../../src/bot/core/bus.js';
import type { TranscriptMessage } from '../../../../src/bot/core/types.js';

/** The transcript and bus of one process; `write` stores, `publish` is what the core does after commit. */
class FakeCore implements TranscriptSource {
  readonly bus = new MessageBus();
  readonly stored: TranscriptMessage[] = [];
  reads = 0;

  write(text: string): TranscriptMessage {
    const m: TranscriptMessage = {
      id: text,
      conversationId: 'c1',
      seq: this.stored.length + 1,
      type: 'outgoing',
      senderType: 'bot',
      text,
      buttons: [],
      attachments: [],
      sourceId: null,
      clientActivityId: null,
      language: 'en',
      createdAt: new Date(),
    };
    this.stored.push(m);
    return m;
  }

  async transcript(_id: string, afterSeq = 0): Promise<TranscriptMessage[]> {
    this.reads += 1;
    return this.stored.filter((m) => m.seq > afterSeq);
  }
}

/** Just enough of a ws socket: records what is sent. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: string[] = [];
  send(data: string, cb?: () => void): void {
    this.sent.push(data);
    cb?.();
  }
  ping(): void {}
  terminate(): void {
    this.readyState = 3;
    this.emit('close');
  }
  close(): void {
    this.terminate();
  }
  get frames(): { activities: { id: string; type: string }[]; watermark?: string }[] {
    return this.sent.map((s) => JSON.parse(s) as { activities: { id: string; type: string }[]; watermark?: string });
  }
  get seqs(): number[] {
    return this.frames.flatMap((f) => f.activities.filter((a) => a.type === 'message').map((a) => Number(a.id.split('|')[1])));
  }
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('the stream hub', () => {
  let hub: StreamHub | undefined;
  afterEach(() => hub?.close());

  function setup(catchUpMs = 0) {
    const core = new FakeCore();
    hub = new StreamHub(core, { warn: () => undefined }, { catchUpMs });
    const socket = new FakeSocket();
    return { core, hub, socket, attach: (after: number | null) => hub!.attach(socket as unknown as WebSocket, { conversationId: 'c1', userId: 'dl_u', after }) };
  }

  it('sends the backlog after the watermark, then live messages straight from the bus', async () => {
    const { core, socket, attach } = setup();
    core.write('one');
    core.write('two');
    attach(1);
    await settle();
    expect(socket.seqs).toEqual([2]);
    expect(socket.frames[0]!.watermark).toBe('2');
    const reads = core.reads;
    core.bus.publish('c1', [core.write('three'), core.write('four')]);
    await settle();
    expect(socket.seqs).toEqual([2, 3, 4]);
    expect(socket.frames.at(-1)!.watermark).toBe('4');
    expect(core.reads).toBe(reads);
  });

  it('never repeats a message the bus publishes twice or that the backlog already had', async () => {
    const { core, socket, attach } = setup();
    const m = core.write('one');
    attach(null);
    core.bus.publish('c1', [m]);
    core.bus.publish('c1', [m]);
    await settle();
    expect(socket.seqs).toEqual([1]);
    expect(socket.frames[0]!.activities[0]!.type).toBe('conversationUpdate');
  });

  it('fills a gap from the transcript (a message written by another replica)', async () => {
    const { core, socket, attach } = setup();
    attach(0);
    await settle();
    core.write('from another replica'); // stored, not published here
    core.bus.publish('c1', [core.write('local')]);
    await settle();
    expect(socket.seqs).toEqual([1, 2]);
  });

  it('catches up on its own when this process never hears of a message', async () => {
    const { core, socket, attach } = setup(30);
    attach(0);
    await settle();
    core.write('staff reply written elsewhere');
    await new Promise((r) => setTimeout(r, 100));
    expect(socket.seqs).toEqual([1]);
  });

  it('typing and notices go to every open socket without moving the watermark', async () => {
    const { socket, attach } = setup();
    attach(0);
    await settle();
    hub!.broadcast('c1', [{ type: 'typing', id: 'c1|typing-1' } as never]);
    await settle();
    expect(socket.frames.at(-1)).toEqual({ activities: [{ type: 'typing', id: 'c1|typing-1' }] });
  });

  it("the bus's typing signal (a turn here, or relayed from another replica) reaches the conversation's sockets, and stops with the last socket", async () => {
    const { core, socket, attach } = setup();
    attach(0);
    await settle();
    core.bus.typing('c1');
    core.bus.typing('c2');
    await settle();
    expect(socket.frames.at(-1)?.activities.map((a) => a.type)).toEqual(['typing']);
    expect(socket.frames.filter((f) => f.activities.some((a) => a.type === 'typing'))).toHaveLength(1);
    socket.terminate();
    const sent = socket.sent.length;
    core.bus.typing('c1');
    await settle();
    expect(socket.sent).toHaveLength(sent);
  });

  it('a closed socket leaves the room and the bus subscription ends with the last one', async () => {
    const { core, socket, attach } = setup();
    attach(0);
    expect(hub!.listeners('c1')).toBe(1);
    socket.terminate();
    expect(hub!.listeners('c1')).toBe(0);
    core.bus.publish('c1', [core.write('late')]);
    await settle();
    expect(socket.sent).toHaveLength(0);
  });
});
