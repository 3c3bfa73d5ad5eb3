// Command etcd runs a single-member etcd server (go.etcd.io/etcd/server/v3/embed) for tests:
// it listens on loopback only, prints one JSON line {"clientURL": "..."} on stdout once it
// serves, and stops cleanly on SIGINT or SIGTERM (or when its parent goes away, see
// parentwatch).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"go.etcd.io/etcd/server/v3/embed"

	"kubekit.dev/realapiserver/internal/parentwatch"
)

func main() {
	dataDir := flag.String("data-dir", "", "data directory (required; created if missing)")
	clientAddr := flag.String("listen-client", "127.0.0.1:0", "host:port for clients (port 0 picks a free one)")
	peerAddr := flag.String("listen-peer", "127.0.0.1:0", "host:port for the (unused) peer listener")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()
	parentwatch.Start()
	if *dataDir == "" {
		fmt.Fprintln(os.Stderr, "etcd: --data-dir is required")
		os.Exit(2)
	}
	if err := run(*dataDir, *clientAddr, *peerAddr, *logLevel); err != nil {
		fmt.Fprintln(os.Stderr, "etcd:", err)
		os.Exit(1)
	}
}

func run(dataDir, clientAddr, peerAddr, logLevel string) error {
	clientURL := url.URL{Scheme: "http", Host: clientAddr}
	peerURL := url.URL{Scheme: "http", Host: peerAddr}

	cfg := embed.NewConfig()
	cfg.Dir = dataDir
	cfg.LogLevel = logLevel
	cfg.ListenClientUrls = []url.URL{clientURL}
	cfg.AdvertiseClientUrls = []url.URL{clientURL}
	cfg.ListenPeerUrls = []url.URL{peerURL}
	cfg.AdvertisePeerUrls = []url.URL{peerURL}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)

	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return err
	}
	defer e.Close()

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)

	select {
	case <-e.Server.ReadyNotify():
	case err := <-e.Err():
		return err
	case <-time.After(60 * time.Second):
		return fmt.Errorf("not ready after 60s")
	case <-stop:
		return nil
	}

	ready, err := json.Marshal(map[string]string{"clientURL": "http://" + e.Clients[0].Addr().String()})
	if err != nil {
		return err
	}
	fmt.Println(string(ready))

	select {
	case err := <-e.Err():
		return err
	case <-stop:
		return nil
	}
}
