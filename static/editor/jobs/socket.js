// The /ws/jobs/ socket with automatic reconnection (exponential backoff with jitter). Every (re)connect
// calls onOpen so the caller can resync its running jobs over HTTP: the socket only notifies.

export class JobSocket {
  constructor(path, { onMessage, onOpen, onStatus }) {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    this.url = scheme + location.host + path;
    this.onMessage = onMessage;
    this.onOpen = onOpen;
    this.onStatus = onStatus || (() => {});
    this.delay = 500;
    this.closedByUs = false;
    this.opens = 0; // successful connections so far; more than one means it reconnected
    this.connect();
  }

  connect() {
    let socket;
    try {
      socket = new WebSocket(this.url);
    } catch {
      this.retry();
      return;
    }
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.delay = 500;
      this.opens++;
      this.onStatus("open");
      this.onOpen();
    });
    socket.addEventListener("message", (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      this.onMessage(message);
    });
    socket.addEventListener("close", (event) => {
      if (this.closedByUs) return;
      // 4401: the session ended; reconnecting would not help.
      if (event.code === 4401) {
        this.onStatus("unauthenticated");
        return;
      }
      this.onStatus("closed");
      // 1012 (restarting) and 1013 (try again later): the server asks for a pause.
      if (event.code === 1012 || event.code === 1013) this.delay = Math.max(this.delay, 4000);
      this.retry();
    });
  }

  retry() {
    // Jitter: after a deploy every open tab reconnects; spread them instead of a stampede.
    setTimeout(() => this.connect(), this.delay * (0.5 + Math.random()));
    this.delay = Math.min(10000, this.delay * 2);
  }

  get isOpen() {
    return this.socket && this.socket.readyState === WebSocket.OPEN;
  }

  send(message) {
    if (this.isOpen) this.socket.send(JSON.stringify(message));
  }

  // For tests and diagnostics: drop the connection as a network failure would.
  drop() {
    if (this.socket) this.socket.close(4000);
  }
}
