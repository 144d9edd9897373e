"""One package per CDN provider; each turns its cloud's API into Series in bit/s."""
