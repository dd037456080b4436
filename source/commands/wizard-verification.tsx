import { VerificationView } from '../../verify/report.js';
import type { VerificationReport } from '../../verify/types.js';
import type { VerificationView as WizardVerification } from '../ui/port.js';

/** A verifier report as the wizard shows it: the verifier's own chart, and a one-line verdict. */
export function verificationView(report: VerificationReport): WizardVerification {
  const answered = report.backends.filter((b) => b.count > 0).length;
  const headline = `${report.verdict} with ${answered} backend${answered === 1 ? '' : 's'} (${report.ok}/${report.sent} requests answered)`;
  return {
    passed: report.verdict === 'PASS',
    headline,
    lines: [],
    render: () => <VerificationView report={report} />,
  };
}
