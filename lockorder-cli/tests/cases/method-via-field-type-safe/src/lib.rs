//! Safe twin of method-via-field-type (h2 `Inner::handle_error`, a false
//! cycle once): `actions.recv.last_processed_id()` is `Recv`'s method (the
//! type of field `recv` of `Actions`, the type of `self.actions`), not
//! `Streams::last_processed_id`, so no lock is taken under the buffer.
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

    pub fn handle_error(&mut self, send_buffer: &SendBuffer) -> u32 {
        let actions = &mut self.actions;
        let _buffer = send_buffer.inner.lock().unwrap();
        actions.recv.last_processed_id()
    }
}
