"""Cross-check of the TypeScript random-forest baseline (scripts/soh-validation.ts, table (a)) against scikit-learn.
Debian: apt-get install python3-sklearn; run: /usr/bin/python3 scripts/rf-baseline-sklearn.py  (reads ../shared).
Measured 2026-11-23 with scikit-learn 1.2.1: NMC 2.1 Ah 17.44, LMO 21.70, NMC 21 Ah 12.88, LFP 6.97 (TS: 17.55, 21.72, 12.94, 6.94)."""
import csv, os, numpy as np
SHARED = os.environ.get('BATTERYLOOP_SHARED_DIR', os.path.join(os.path.dirname(__file__), '..', '..', 'shared'))
from sklearn.ensemble import RandomForestRegressor
rows = list(csv.DictReader(open(os.path.join(SHARED, 'datasets', 'pulsebat-tao2024', 'csv', 'pulsebat_W3000_U1-U21.csv'))))
cases = {0:[5,15,25,35,45,50],1:[5,10,30,40,50],2:[5,25,40,50],3:[5,25,50],4:[35,40,45,50],5:[20,25,30],6:[5,10,15,20],7:[5,10]}
for key in [('NMC','2.1'),('LMO','10'),('NMC','21'),('LFP','35')]:
    rs = [r for r in rows if r['chem']==key[0] and float(r['Qn_Ah'])==float(key[1]) and r['soc_kind']=='grid' and float(r['SOC_pct'])<=50]
    X = np.array([[float(r[f'U{i}']) for i in range(1,22)] for r in rs]); y = np.array([float(r['SOH']) for r in rs]); soc = np.array([float(r['SOC_pct']) for r in rs])
    out=[]
    for c, tr in cases.items():
        m = np.isin(soc, tr); te_levels = sorted(set(soc[~m]))
        rf = RandomForestRegressor(n_estimators=20, max_depth=64, bootstrap=False, random_state=0).fit(X[m], y[m])
        mapes=[np.mean(np.abs(rf.predict(X[soc==l])-y[soc==l])/y[soc==l])*100 for l in te_levels]
        out.append(np.mean(mapes))
    print(key, 'mean', round(float(np.mean(out)),2), [round(float(x),2) for x in out])
