// ttrpc-peer is the real containerd/ttrpc library on the other end of the Java ttrpc conformance
// test (dev.osc.ttrpc.GoTtrpcConformanceTest) and of the round-trip bench.
//
//	ttrpc-peer server <unix socket>             serve osc.test.Echo; prints "ready" once listening,
//	                                            stops when stdin closes
//	ttrpc-peer client <unix socket> <scenario>  call osc.test.Echo on the peer; exits 1 on a mismatch
//	ttrpc-peer bench <unix socket> <calls> <payload bytes>
//	                                            Echo round trips on one connection, one at a time,
//	                                            after a warm-up of a tenth as many (at least 100);
//	                                            prints "<calls> <p50 ns> <p99 ns> <total ns>"
//
// osc.test.Echo (payloads are protobuf wrappers, so no code generation is needed):
//
//	Echo(BytesValue) BytesValue    returns the request
//	Fail(StringValue) StringValue  value "<code> <message>": fails with that status
//	Sleep(Int64Value) Int64Value   sleeps value ms, or fails with the context's error at its deadline
//	Meta(StringValue) StringValue  the request metadata values under key value, joined with ","
//	Big(Int64Value) BytesValue     a response of value bytes (over 4 MiB cannot be sent)
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/containerd/ttrpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

const service = "osc.test.Echo"

func main() {
	if len(os.Args) < 3 {
		fail("usage: ttrpc-peer server <socket> | client <socket> <scenario> | bench <socket> <calls> <payload bytes>")
	}
	switch os.Args[1] {
	case "server":
		serve(os.Args[2])
	case "client":
		if len(os.Args) < 4 {
			fail("client needs a scenario: " + strings.Join(scenarioNames(), ", "))
		}
		runClient(os.Args[2], os.Args[3])
	case "bench":
		if len(os.Args) < 5 {
			fail("bench needs <calls> <payload bytes>")
		}
		calls, err1 := strconv.Atoi(os.Args[3])
		size, err2 := strconv.Atoi(os.Args[4])
		if err1 != nil || err2 != nil || calls < 1 || size < 0 {
			fail("bench: <calls> and <payload bytes> must be whole numbers, calls at least 1")
		}
		bench(os.Args[2], calls, size)
	default:
		fail("unknown mode " + os.Args[1])
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "ttrpc-peer:", msg)
	os.Exit(1)
}

func serve(path string) {
	_ = os.Remove(path)
	l, err := net.Listen("unix", path)
	if err != nil {
		fail(err.Error())
	}
	s, err := ttrpc.NewServer()
	if err != nil {
		fail(err.Error())
	}
	s.RegisterService(service, &ttrpc.ServiceDesc{Methods: map[string]ttrpc.Method{
		"Echo": func(ctx context.Context, unmarshal func(interface{}) error) (interface{}, error) {
			req := &wrapperspb.BytesValue{}
			if err := unmarshal(req); err != nil {
				return nil, err
			}
			return req, nil
		},
		"Fail": func(ctx context.Context, unmarshal func(interface{}) error) (interface{}, error) {
			req := &wrapperspb.StringValue{}
			if err := unmarshal(req); err != nil {
				return nil, err
			}
			code, msg, _ := strings.Cut(req.Value, " ")
			n, err := strconv.Atoi(code)
			if err != nil {
				return nil, status.Errorf(codes.InvalidArgument, "bad code %q", code)
			}
			return nil, status.Error(codes.Code(n), msg)
		},
		"Sleep": func(ctx context.Context, unmarshal func(interface{}) error) (interface{}, error) {
			req := &wrapperspb.Int64Value{}
			if err := unmarshal(req); err != nil {
				return nil, err
			}
			select {
			case <-time.After(time.Duration(req.Value) * time.Millisecond):
				return req, nil
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		},
		"Meta": func(ctx context.Context, unmarshal func(interface{}) error) (interface{}, error) {
			req := &wrapperspb.StringValue{}
			if err := unmarshal(req); err != nil {
				return nil, err
			}
			md, _ := ttrpc.GetMetadata(ctx)
			values, _ := md.Get(req.Value)
			return wrapperspb.String(strings.Join(values, ",")), nil
		},
		"Big": func(ctx context.Context, unmarshal func(interface{}) error) (interface{}, error) {
			req := &wrapperspb.Int64Value{}
			if err := unmarshal(req); err != nil {
				return nil, err
			}
			return wrapperspb.Bytes(make([]byte, req.Value)), nil
		},
	}})
	go func() {
		// The parent closing our stdin is the stop signal: no stray servers outlive a test run.
		_, _ = io.Copy(io.Discard, os.Stdin)
		_ = s.Close()
		os.Exit(0)
	}()
	fmt.Println("ready")
	if err := s.Serve(context.Background(), l); err != nil && !errors.Is(err, ttrpc.ErrServerClosed) {
		fail(err.Error())
	}
}

var scenarios = map[string]func(*ttrpc.Client) error{
	"unary":      unary,
	"errors":     statusCodes,
	"deadline":   deadline,
	"concurrent": concurrent,
	"oversized":  oversized,
	"metadata":   metadata,
}

func scenarioNames() []string {
	names := make([]string, 0, len(scenarios))
	for n := range scenarios {
		names = append(names, n)
	}
	return names
}

func runClient(path, scenario string) {
	run, ok := scenarios[scenario]
	if !ok {
		fail("unknown scenario " + scenario + "; known: " + strings.Join(scenarioNames(), ", "))
	}
	conn, err := net.Dial("unix", path)
	if err != nil {
		fail(err.Error())
	}
	client := ttrpc.NewClient(conn, ttrpc.WithUnaryClientInterceptor(sendWireTimeout))
	defer client.Close()
	if err := run(client); err != nil {
		fail(scenario + ": " + err.Error())
	}
	fmt.Println("ok", scenario)
}

func echo(ctx context.Context, c *ttrpc.Client, p []byte) ([]byte, error) {
	resp := &wrapperspb.BytesValue{}
	err := c.Call(ctx, service, "Echo", wrapperspb.Bytes(p), resp)
	return resp.Value, err
}

func unary(c *ttrpc.Client) error {
	for _, p := range [][]byte{[]byte("hello"), {}, bytes.Repeat([]byte{0xff, 0}, 100_000)} {
		got, err := echo(context.Background(), c, p)
		if err != nil {
			return err
		}
		if !bytes.Equal(got, p) {
			return fmt.Errorf("echo of %d bytes returned %d different bytes", len(p), len(got))
		}
	}
	return nil
}

// wantStatus checks that err is a status error with that code and message.
func wantStatus(err error, code codes.Code, msg string) error {
	st, ok := status.FromError(err)
	if !ok {
		return fmt.Errorf("want status %v %q, got %v", code, msg, err)
	}
	if st.Code() != code || (msg != "" && st.Message() != msg) {
		return fmt.Errorf("want status %v %q, got %v %q", code, msg, st.Code(), st.Message())
	}
	return nil
}

func statusCodes(c *ttrpc.Client) error {
	for code := codes.Canceled; code <= codes.Unauthenticated; code++ {
		msg := fmt.Sprintf("failure %d: ünïcode", code)
		err := c.Call(context.Background(), service, "Fail", wrapperspb.String(fmt.Sprintf("%d %s", code, msg)), &wrapperspb.StringValue{})
		if err := wantStatus(err, code, msg); err != nil {
			return err
		}
	}
	err := c.Call(context.Background(), "osc.test.Nope", "Echo", wrapperspb.Bytes(nil), &wrapperspb.BytesValue{})
	if err := wantStatus(err, codes.Unimplemented, "service osc.test.Nope"); err != nil {
		return err
	}
	err = c.Call(context.Background(), service, "Nope", wrapperspb.Bytes(nil), &wrapperspb.BytesValue{})
	return wantStatus(err, codes.Unimplemented, "method Nope")
}

func deadline(c *ttrpc.Client) error {
	// The server must cut the call at the deadline it was sent (well before the 10 s sleep);
	// the local deadline is later, so the answer seen is the server's.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	ctx = context.WithValue(ctx, wireTimeoutKey{}, 300*time.Millisecond)
	start := time.Now()
	err := c.Call(ctx, service, "Sleep", wrapperspb.Int64(10_000), &wrapperspb.Int64Value{})
	if err := wantStatus(err, codes.DeadlineExceeded, ""); err != nil {
		return err
	}
	if took := time.Since(start); took > 1500*time.Millisecond {
		return fmt.Errorf("deadline exceeded only after %v", took)
	}
	// A call that finishes in time is unaffected.
	ctx2, cancel2 := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel2()
	return c.Call(ctx2, service, "Sleep", wrapperspb.Int64(10), &wrapperspb.Int64Value{})
}

type wireTimeoutKey struct{}

// sendWireTimeout lets a call send a shorter timeout_nano than its own context's deadline, so
// that a deadline status seen by the caller can only have come from the server.
func sendWireTimeout(ctx context.Context, req *ttrpc.Request, resp *ttrpc.Response, _ *ttrpc.UnaryClientInfo, invoke ttrpc.Invoker) error {
	if d, ok := ctx.Value(wireTimeoutKey{}).(time.Duration); ok {
		req.TimeoutNano = d.Nanoseconds()
	}
	return invoke(ctx, req, resp)
}

func concurrent(c *ttrpc.Client) error {
	const n = 200
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			// Later calls sleep less, so answers come back out of order.
			ms := int64((n - i) % 50)
			got := &wrapperspb.Int64Value{}
			if err := c.Call(context.Background(), service, "Sleep", wrapperspb.Int64(ms), got); err != nil {
				errs <- err
				return
			}
			if got.Value != ms {
				errs <- fmt.Errorf("call %d: got %d want %d", i, got.Value, ms)
				return
			}
			p := []byte(fmt.Sprintf("call-%d", i))
			back, err := echo(context.Background(), c, p)
			if err == nil && !bytes.Equal(back, p) {
				err = fmt.Errorf("call %d: echo %q returned %q", i, p, back)
			}
			if err != nil {
				errs <- err
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func oversized(c *ttrpc.Client) error {
	// Too big to send: refused locally.
	_, err := echo(context.Background(), c, make([]byte, 4<<20))
	if err := wantStatus(err, codes.ResourceExhausted, ""); err != nil {
		return fmt.Errorf("sending: %w", err)
	}
	// Too big to answer: the peer reports it instead of hanging up.
	err = c.Call(context.Background(), service, "Big", wrapperspb.Int64(5<<20), &wrapperspb.BytesValue{})
	if err := wantStatus(err, codes.ResourceExhausted, ""); err != nil {
		return fmt.Errorf("answering: %w", err)
	}
	// The connection is still usable.
	got, err := echo(context.Background(), c, []byte("after"))
	if err != nil || string(got) != "after" {
		return fmt.Errorf("after oversized: %q %v", got, err)
	}
	return nil
}

func metadata(c *ttrpc.Client) error {
	md := ttrpc.MD{}
	md.Set("X-Osc-Trace", "a", "b")
	ctx := ttrpc.WithMetadata(context.Background(), md)
	got := &wrapperspb.StringValue{}
	if err := c.Call(ctx, service, "Meta", wrapperspb.String("x-osc-trace"), got); err != nil {
		return err
	}
	if got.Value != "a,b" {
		return fmt.Errorf("metadata: got %q want %q", got.Value, "a,b")
	}
	return nil
}

// bench measures as the Java RoundTripBench does, so that the figures stand side by side.
func bench(path string, calls, size int) {
	conn, err := net.Dial("unix", path)
	if err != nil {
		fail(err.Error())
	}
	client := ttrpc.NewClient(conn)
	defer client.Close()
	req := wrapperspb.Bytes(make([]byte, size))
	call := func() {
		if err := client.Call(context.Background(), service, "Echo", req, &wrapperspb.BytesValue{}); err != nil {
			fail("bench: " + err.Error())
		}
	}
	for i := 0; i < max(100, calls/10); i++ {
		call()
	}
	nanos := make([]int64, calls)
	start := time.Now()
	for i := range nanos {
		t := time.Now()
		call()
		nanos[i] = time.Since(t).Nanoseconds()
	}
	total := time.Since(start).Nanoseconds()
	sort.Slice(nanos, func(i, j int) bool { return nanos[i] < nanos[j] })
	fmt.Println(calls, nanos[calls/2], nanos[calls*99/100], total)
}
