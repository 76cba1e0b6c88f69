/*
 * C reference of the twin's EKF step (src/twin/core/solvers/ekf.ts: ekfUpdate + ekfPredict), line by line, used by
 * bench/ekf.ts as the speed ceiling. Compiled with gcc -O2 during the bench.
 *
 * Input file (little-endian doubles):
 *   grid n | midV[n] | halfWidthV[n] | slopeVPerSoc[n] | halfSlopeVPerSoc[n] |
 *   params[7] = capacityAh r0 r1 tau1 r2 tau2 hysteresisSocScale |
 *   cfg[16] = hysteresis biasState statLin obsNoise adaptive sigmaV quantStep ocvErr socAxisErr overpotRel corrS
 *             flatSlope currentNoise biasDrift hystNoise rcNoise |
 *   workspace[80] | steps | dt | current[steps] | voltage[steps]
 * Output file: soc after each step (doubles). Prints the loop's wall time in seconds on stdout.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define NS 5
enum { X = 0, P = 5, TMP = 30, HV = 55, KV = 60, PHT = 65, S_INNOV = 70, S_NIS = 71, S_RSCALE = 72, S_LASTV = 73, S_SIGMA = 74, WS = 80 };

typedef struct { int n; const double *mid, *half, *slope, *halfSlope; } Ocv;
typedef struct { double capacityAh, r0, r1, tau1, r2, tau2, hystScale; } Params;
typedef struct {
  int hysteresis, biasState, statLin, obsNoise, adaptive;
  double sigmaV, quantStep, ocvErr, socAxisErr, overpotRel, corrS, flatSlope, currentNoise, biasDrift, hystNoise, rcNoise;
} Cfg;

static double lookup(const double *arr, int n, double soc) {
  double x = soc * (n - 1);
  if (!(x > 0)) return arr[0];
  if (x >= n - 1) return arr[n - 1];
  int i = (int)x;
  x -= i;
  return arr[i] + x * (arr[i + 1] - arr[i]);
}

static void ekf_update(double *w, const Ocv *o, const Params *p, const Cfg *c, double currentA, double voltageV, double dtS) {
  double soc = w[X];
  double h = c->hysteresis ? w[X + 3] : 0;
  double b = c->biasState ? w[X + 4] : 0;
  double iTrue = currentA - b;
  double sigma = sqrt(w[P] > 0 ? w[P] : 0);
  w[S_SIGMA] = sigma;
  double slope;
  if (c->statLin) {
    double hw = 1.7320508075688772 * sigma;
    if (hw < 0.02) hw = 0.02;
    double lo = soc - hw, hi = soc + hw;
    if (lo < 0) lo = 0;
    if (hi > 1) hi = 1;
    slope = hi - lo > 1e-6 ? (lookup(o->mid, o->n, hi) - lookup(o->mid, o->n, lo)) / (hi - lo) : lookup(o->slope, o->n, soc);
  } else slope = lookup(o->slope, o->n, soc);
  double m = c->hysteresis ? lookup(o->half, o->n, soc) : 0;
  double dm = c->hysteresis ? lookup(o->halfSlope, o->n, soc) : 0;
  double vPred = lookup(o->mid, o->n, soc) + m * h - p->r0 * iTrue - w[X + 1] - w[X + 2];
  w[S_LASTV] = vPred;
  w[HV + 0] = slope + dm * h;
  w[HV + 1] = -1;
  w[HV + 2] = -1;
  w[HV + 3] = m;
  w[HV + 4] = c->biasState ? p->r0 : 0;
  double r = c->sigmaV * c->sigmaV + (c->quantStep * c->quantStep) / 12;
  double v1a = fabs(w[X + 1]), v2a = fabs(w[X + 2]);
  double ohm = p->r0 * iTrue;
  double eta = c->overpotRel * (fabs(ohm) + v1a + v2a);
  double sl = slope * c->socAxisErr;
  double rModel = (c->ocvErr * c->ocvErr + eta * eta + sl * sl) * (c->corrS / (dtS > 0 ? dtS : 1));
  if (c->obsNoise) {
    double as = fabs(slope);
    double ratio = c->flatSlope / (as > 1e-6 ? as : 1e-6);
    rModel *= 1 + ratio * ratio;
  }
  r = (r + rModel) * w[S_RSCALE];
  double s = r;
  for (int i = 0; i < NS; i++) {
    double acc = 0;
    for (int j = 0; j < NS; j++) acc += w[P + i * NS + j] * w[HV + j];
    w[PHT + i] = acc;
    s += w[HV + i] * acc;
  }
  double innov = voltageV - vPred;
  w[S_INNOV] = innov;
  if (c->adaptive) {
    double nis = (innov * innov) / s;
    w[S_NIS] += (nis - w[S_NIS]) / 300;
    w[S_RSCALE] = w[S_NIS] > 1 ? w[S_NIS] : 1;
  }
  for (int i = 0; i < NS; i++) w[KV + i] = w[PHT + i] / s;
  for (int i = 0; i < NS; i++) w[X + i] += w[KV + i] * innov;
  for (int i = 0; i < NS; i++)
    for (int j = 0; j < NS; j++) w[P + i * NS + j] -= w[KV + i] * w[PHT + j];
  if (w[X] < 0) w[X] = 0;
  else if (w[X] > 1) w[X] = 1;
  if (w[X + 3] > 1) w[X + 3] = 1;
  else if (w[X + 3] < -1) w[X + 3] = -1;
}

static void ekf_predict(double *w, const Params *p, const Cfg *c, double currentA, double dtS) {
  double bb = c->biasState ? w[X + 4] : 0;
  double i2 = currentA - bb;
  double a1 = exp(-dtS / p->tau1), a2 = exp(-dtS / p->tau2);
  double qAs = 3600 * p->capacityAh;
  double absI = fabs(i2);
  double e = exp(-(absI * dtS) / (p->hystScale * qAs));
  double f04 = dtS / qAs, f14 = -p->r1 * (1 - a1), f24 = -p->r2 * (1 - a2);
  w[X] -= (i2 * dtS) / qAs;
  w[X + 1] = a1 * w[X + 1] + p->r1 * (1 - a1) * i2;
  w[X + 2] = a2 * w[X + 2] + p->r2 * (1 - a2) * i2;
  if (i2 > 0) w[X + 3] = e * w[X + 3] - (1 - e);
  else if (i2 < 0) w[X + 3] = e * w[X + 3] + (1 - e);
  for (int j = 0; j < NS; j++) {
    double p4j = w[P + 4 * NS + j];
    w[TMP + 0 * NS + j] = w[P + 0 * NS + j] + f04 * p4j;
    w[TMP + 1 * NS + j] = a1 * w[P + 1 * NS + j] + f14 * p4j;
    w[TMP + 2 * NS + j] = a2 * w[P + 2 * NS + j] + f24 * p4j;
    w[TMP + 3 * NS + j] = e * w[P + 3 * NS + j];
    w[TMP + 4 * NS + j] = p4j;
  }
  for (int i = 0; i < NS; i++) {
    double t4 = w[TMP + i * NS + 4];
    w[P + i * NS + 0] = w[TMP + i * NS + 0] + f04 * t4;
    w[P + i * NS + 1] = a1 * w[TMP + i * NS + 1] + f14 * t4;
    w[P + i * NS + 2] = a2 * w[TMP + i * NS + 2] + f24 * t4;
    w[P + i * NS + 3] = e * w[TMP + i * NS + 3];
    w[P + i * NS + 4] = t4;
  }
  double qi = (c->currentNoise * dtS) / qAs;
  w[P + 0] += qi * qi;
  double qrc = c->rcNoise * c->rcNoise * dtS;
  w[P + 6] += qrc;
  w[P + 12] += qrc;
  double dsoc = (absI * dtS) / qAs;
  w[P + 18] += c->hysteresis ? c->hystNoise * c->hystNoise * dsoc : 0;
  if (c->biasState) w[P + 24] += c->biasDrift * c->biasDrift * dtS;
  for (int i = 0; i < NS; i++)
    for (int j = i + 1; j < NS; j++) {
      double avg = 0.5 * (w[P + i * NS + j] + w[P + j * NS + i]);
      w[P + i * NS + j] = avg;
      w[P + j * NS + i] = avg;
    }
}

static double *read_all(const char *path, long *count) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long bytes = ftell(f);
  fseek(f, 0, SEEK_SET);
  double *buf = malloc(bytes);
  if (!buf || fread(buf, 1, bytes, f) != (size_t)bytes) { fclose(f); return NULL; }
  fclose(f);
  *count = bytes / 8;
  return buf;
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: ekf_step <in.bin> <out.bin>\n"); return 2; }
  long cnt = 0;
  double *d = read_all(argv[1], &cnt);
  if (!d) { fprintf(stderr, "cannot read %s\n", argv[1]); return 2; }
  long at = 0;
  Ocv o;
  o.n = (int)d[at++];
  o.mid = d + at; at += o.n;
  o.half = d + at; at += o.n;
  o.slope = d + at; at += o.n;
  o.halfSlope = d + at; at += o.n;
  Params p = { d[at], d[at + 1], d[at + 2], d[at + 3], d[at + 4], d[at + 5], d[at + 6] };
  at += 7;
  const double *cf = d + at;
  Cfg c = { (int)cf[0], (int)cf[1], (int)cf[2], (int)cf[3], (int)cf[4], cf[5], cf[6], cf[7], cf[8], cf[9], cf[10], cf[11], cf[12], cf[13], cf[14], cf[15] };
  at += 16;
  double w[WS];
  for (int i = 0; i < WS; i++) w[i] = d[at + i];
  at += WS;
  long steps = (long)d[at++];
  double dt = d[at++];
  const double *cur = d + at;
  const double *volt = d + at + steps;
  if (at + 2 * steps != cnt) { fprintf(stderr, "input size mismatch\n"); return 2; }
  double *soc = malloc(sizeof(double) * steps);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long k = 0; k < steps; k++) {
    ekf_update(w, &o, &p, &c, cur[k], volt[k], dt);
    ekf_predict(w, &p, &c, cur[k], dt);
    soc[k] = w[X];
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  FILE *f = fopen(argv[2], "wb");
  if (!f) { fprintf(stderr, "cannot write %s\n", argv[2]); return 2; }
  fwrite(soc, sizeof(double), steps, f);
  fclose(f);
  printf("%.9f\n", (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec));
  free(soc);
  free(d);
  return 0;
}
