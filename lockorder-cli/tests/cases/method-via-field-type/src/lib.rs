//! The h2 shape with a real cycle: `Inner::handle_error` holds the send
//! buffer and calls `Streams::last_processed_id` (through a `&Streams`
//! parameter), which locks `Streams::inner`; `Streams::recv_headers` holds
//! `Streams::inner` and locks the send buffer.
use std::sync::Mutex;

pub struct Recv {
    last: u32,
}

impl Recv {
    pub fn last_processed_id(&self) -> u32 {
        self.last
    }
}

pub struct Actions {
    pub recv: Recv,
}

pub struct SendBuffer {
    inner: Mutex<Vec<u8>>,
}

pub struct Inner {
    actions: Actions,
}

pub struct Streams {
    inner: Mutex<Inner>,
    send_buffer: SendBuffer,
}

impl Streams {
    /// Streams::inner -> SendBuffer::inner, through `Inner::recv_headers`.
    pub fn recv_headers(&self, frame: u8) {
        let mut me = self.inner.lock().unwrap();
        me.recv_headers(&self.send_buffer, frame);
    }

    pub fn last_processed_id(&self) -> u32 {
        self.inner.lock().unwrap().actions.recv.last_processed_id()
    }
}

impl Inner {
    fn recv_headers(&mut self, send_buffer: &SendBuffer, frame: u8) {
        send_buffer.inner.lock().unwrap().push(frame);
    }

    pub fn handle_error(&mut self, send_buffer: &SendBuffer, streams: &Streams) -> u32 {
        let _buffer = send_buffer.inner.lock().unwrap();
        streams.last_processed_id()
    }
}
