package telegram

import (
	"context"
	"errors"
	"sync"
)

// errClosed is returned by submit after shutdown began.
var errClosed = errors.New("telegram: shutting down")

// dispatcher runs jobs on a bounded pool of workers, in order within each key (a chat), and
// concurrently across keys. At most cap jobs wait; submit blocks beyond that, which slows the
// poller instead of growing memory.
type dispatcher struct {
	slots chan struct{}
	room  chan struct{} // signalled when a slot frees; capacity 1

	mu      sync.Mutex
	cond    *sync.Cond
	queues  map[int64][]job // pending jobs per key
	busy    map[int64]bool  // keys a worker holds
	ready   []int64         // keys with pending jobs and no worker, oldest first
	closed  bool
	started bool
	wg      sync.WaitGroup
}

type job struct {
	key int64
	run func()
}

func newDispatcher(capacity int) *dispatcher {
	d := &dispatcher{
		slots:  make(chan struct{}, capacity),
		room:   make(chan struct{}, 1),
		queues: map[int64][]job{},
		busy:   map[int64]bool{},
	}
	d.cond = sync.NewCond(&d.mu)
	return d
}

// start launches n workers.
func (d *dispatcher) start(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.started {
		return
	}
	d.started = true
	for range n {
		d.wg.Add(1)
		go d.worker()
	}
}

// submit queues fn under key, waiting for room while the queue is full.
func (d *dispatcher) submit(ctx context.Context, key int64, fn func()) error {
	select {
	case d.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		<-d.slots
		return errClosed
	}
	if len(d.queues[key]) == 0 && !d.busy[key] {
		d.ready = append(d.ready, key)
	}
	d.queues[key] = append(d.queues[key], job{key: key, run: fn})
	d.cond.Signal()
	return nil
}

func (d *dispatcher) worker() {
	defer d.wg.Done()
	d.mu.Lock()
	for {
		for len(d.ready) == 0 && !(d.closed && d.idle()) {
			d.cond.Wait()
		}
		if len(d.ready) == 0 {
			d.mu.Unlock()
			d.cond.Broadcast()
			return
		}
		key := d.ready[0]
		d.ready = d.ready[1:]
		q := d.queues[key]
		j := q[0]
		if len(q) == 1 {
			delete(d.queues, key)
		} else {
			d.queues[key] = q[1:]
		}
		d.busy[key] = true
		d.mu.Unlock()

		j.run()
		<-d.slots
		select {
		case d.room <- struct{}{}:
		default:
		}

		d.mu.Lock()
		delete(d.busy, key)
		if len(d.queues[key]) > 0 {
			d.ready = append(d.ready, key)
			d.cond.Signal()
		}
		if d.closed && d.idle() {
			d.cond.Broadcast()
		}
	}
}

// idle reports whether nothing is queued.
func (d *dispatcher) idle() bool { return len(d.queues) == 0 }

// close stops accepting jobs; workers finish what is queued and exit.
func (d *dispatcher) close() {
	d.mu.Lock()
	d.closed = true
	d.mu.Unlock()
	d.cond.Broadcast()
}

// wait waits for the workers to exit after close.
func (d *dispatcher) wait() { d.wg.Wait() }

// free is the number of jobs that can be submitted without waiting.
func (d *dispatcher) free() int { return cap(d.slots) - len(d.slots) }

// waitRoom waits until a job can be submitted without waiting, or ctx is done, and returns
// how many can.
func (d *dispatcher) waitRoom(ctx context.Context) (int, error) {
	for {
		if n := d.free(); n > 0 {
			return n, nil
		}
		select {
		case <-d.room:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

// pending is the number of queued and running jobs.
func (d *dispatcher) pending() int { return len(d.slots) }
